"""Staff enrol their own second factor, and make their own backup codes.

A new staff member gets an account (username and password) from an
administrator and no device. Their first sign-in needs only the password and
opens nothing but the enrolment page (see sites.py): an authenticator app is
added by scanning a QR code or typing the key, and confirmed with its first
code; only then is the session verified, and the backup codes are shown once.
An administrator never sees anyone's key (OTP_ADMIN_HIDE_SENSITIVE_DATA):
the key is shown only to its owner, on this page, until it is confirmed.

The QR code is drawn here as inline SVG (segno): no image is fetched from
anywhere, and no script runs. Backup codes exist in the database only as
django-otp stores them; the page that shows them is never cached (every
response is ``no-store``, see SecurityHeadersMiddleware) and is not shown again.
"""

from base64 import b32encode

import segno
from django import forms
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from modules.staff.signin import has_second_factor

BACKUP_CODES = 10


class ConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("The six-digit code your app shows now"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isdigit() and len(code) == self.device.digits):
            raise forms.ValidationError(
                _("Type the six digits the app shows, without letters."),
                code="format",
            )
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                _(
                    "That code did not match. Type the code the app shows now; "
                    "if it still does not match, check that the phone's clock "
                    "is set automatically."
                ),
                code="mismatch",
            )
        return code


def grouped(text, size=4):
    """``text`` in groups of ``size`` characters, easier to read and type."""
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


def base32_key(device):
    """The key as authenticator apps take it when typed: base32, no padding."""
    return b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device):
    """The device's otpauth:// address as a QR code, inline SVG markup. Dark
    on a white ground, whatever the admin's colour theme, so phones read it."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5,
        border=4,
        dark="#000",
        light="#fff",
        title=gettext("QR code for your authenticator app"),
    )
    # segno's own output: the address is escaped by it, and nothing else
    # in the markup comes from outside.
    return mark_safe(svg)  # noqa: S308


def pending_device(user):
    """The authenticator being set up: the same key until it is confirmed,
    so reloading the page does not change the QR code under the phone."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=gettext("Authenticator app"), confirmed=False
        )
    return device


def make_backup_codes(user):
    """New backup codes for ``user``, replacing any unused old ones. The
    device itself stays, so a session verified by a backup code stays verified."""
    device = StaticDevice.objects.filter(user=user).first()
    if device is None:
        device = StaticDevice.objects.create(
            user=user, name=gettext("Backup codes"), confirmed=True
        )
    elif not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    device.token_set.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def unused_backup_codes(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def log(request, message):
    """The admin's own record (LogEntry) of a change to one's second factor."""
    LogEntry.objects.log_actions(
        request.user.pk,
        [request.user],
        CHANGE,
        change_message=message,
        single_object=True,
    )


def enrol(request, site):
    """Set up an authenticator app: the only page an account with no second
    factor can open; for a verified member, a new phone replaces the old."""
    user = request.user
    verified = user.is_verified()
    device = pending_device(user)
    form = ConfirmForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # A new authenticator replaces the old ones: the usual reason to
            # enrol again is a new or lost phone.
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            first = not StaticToken.objects.filter(device__user=user).exists()
            codes = make_backup_codes(user) if first else None
            log(request, "Set up an authenticator app (two-factor sign-in).")
        otp_login(request, device)
        return render(
            request,
            "staff/enrolled.html",
            {**site.each_context(request), "codes": codes, "title": _("Done")},
        )
    key = base32_key(device)
    context = {
        **site.each_context(request),
        "title": _("Set up two-factor sign-in"),
        "form": form,
        "qr": qr_svg(device),
        "key": grouped(key),
        "first_time": not verified,
        "replaces": verified and has_second_factor(user),
    }
    return render(request, "staff/enrol.html", context)


def backup_codes(request, site):
    """How many backup codes are left; a button makes a new set (shown once)."""
    codes = None
    if request.method == "POST":
        codes = make_backup_codes(request.user)
        log(request, "Made new backup codes (two-factor sign-in).")
    context = {
        **site.each_context(request),
        "title": _("Backup codes"),
        "codes": codes,
        "left": unused_backup_codes(request.user),
    }
    return render(request, "staff/backup_codes.html", context)
