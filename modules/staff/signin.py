"""Staff sign-in: a password *and* a second factor, with accounts locked by
username after repeated failures (never by IP address, which is never read)."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from modules.staff.models import StaffSignInLock


class StaffSignInForm(OTPAdminAuthenticationForm):
    """Username, password and a code from an authenticator app (or a backup code)."""

    otp_token = forms.CharField(
        required=False,
        label=_("Code from your authenticator app, or a backup code"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def clean(self):
        username = (self.data.get("username") or "").strip()
        lock = (
            StaffSignInLock.objects.filter(username=username).first()
            if username
            else None
        )
        now = timezone.now()
        if lock and lock.locked_until and lock.locked_until > now:
            minutes = max(1, int((lock.locked_until - now).total_seconds() // 60) + 1)
            raise forms.ValidationError(
                ngettext(
                    "Too many failed sign-ins: this account is locked. Try again in %(minutes)d minute.",
                    "Too many failed sign-ins: this account is locked. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="locked",
            )
        try:
            cleaned = super().clean()
            user = self.get_user()
            if user is None or getattr(user, "otp_device", None) is None:
                raise forms.ValidationError(
                    _("Enter the code from your authenticator app (or a backup code)."),
                    code="otp_required",
                )
        except forms.ValidationError:
            if username:
                self._record_failure(username, now)
            raise
        StaffSignInLock.objects.filter(username=username).delete()
        return cleaned

    def _verify_token(self, user, token, device=None):
        """Staff type a code without choosing a device: six digits are checked
        against their authenticator apps, anything else against their backup
        codes (so a typo never counts against the other kind)."""
        if device is not None:
            return super()._verify_token(user, token, device)
        token = token.replace(" ", "")
        kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
        for candidate in kind.objects.devices_for_user(user, confirmed=True):
            allowed, _extra = candidate.verify_is_allowed()
            if allowed and candidate.verify_token(token):
                return candidate
        raise forms.ValidationError(
            self.otp_error_messages["invalid_token"], code="invalid_token"
        )

    @staticmethod
    def _record_failure(username, now):
        lock, _created = StaffSignInLock.objects.get_or_create(username=username)
        lock.failures += 1
        if lock.failures >= settings.SIGNIN_MAX_FAILURES:
            lock.locked_until = now + datetime.timedelta(
                minutes=settings.SIGNIN_LOCK_MINUTES
            )
            lock.failures = 0
        lock.save()
