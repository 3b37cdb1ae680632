"""Staff sign-in: a password *and* a second factor (an account that has none
yet signs in with the password alone, to a session that can only enrol one:
see enrol.py), with accounts locked by
username after repeated failures (never by IP address, which is never read).

One message for every failure. An unknown username, a wrong password, a
missing or wrong code, an inactive or non-staff account and a locked account
all get ``FAILED``: the same words on the same page, so the page never tells
anyone that a username exists or that a password was right. Locks exist only
for real accounts, so a message only locked accounts got would say that the
name exists; instead ``FAILED`` tells every name that repeated failures lock
an account for a while. The time taken tells no more: every attempt with a
possible username runs the password hasher exactly once (the account's hash,
or for an unknown name the dummy hash Django's ModelBackend makes), a locked
account's password included (its result is ignored). Only ``BUSY`` differs,
and it depends on the server's load alone.

The lock is keyed on the account's own username, reached the way Django's
sign-in reaches it: the typed name stripped and NFKC-normalised (as the form's
UsernameField does), then looked up with ``get_by_natural_key``. So every
Unicode spelling that signs in as an account (with full-width letters or
digits, say) counts against that one account's lock. Letter case is not folded: Django's
ModelBackend matches usernames exactly (case-sensitively on SQLite and
PostgreSQL), so ``EDITOR1`` is another account or none; and were the lookup
ever made case-insensitive, the key would still follow the account it finds.
"""

import datetime
import unicodedata

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from modules.staff.models import StaffSignInLock
from modules.staff.passwords import PasswordChecksBusy

BUSY = _(
    "Too many sign-ins are being checked at this moment. "
    "Please wait a moment and try again."
)


def failed():
    """The one error every failed sign-in gets (see the module's docstring)."""
    minutes = settings.SIGNIN_LOCK_MINUTES
    message = ngettext(
        "Sign-in failed: check the username, password and code. After too many "
        "failed sign-ins in a row, an account is locked for %(minutes)d minute.",
        "Sign-in failed: check the username, password and code. After too many "
        "failed sign-ins in a row, an account is locked for %(minutes)d minutes.",
        minutes,
    )
    return forms.ValidationError(message % {"minutes": minutes}, code="failed")


def possible_username(name):
    """``name`` as Django's user lookup compares it (NFKC), or None when no
    account can have it: too long, or holding a control, format or other
    invisible character (a NUL byte makes PostgreSQL fail the query). No query."""
    name = unicodedata.normalize("NFKC", name)
    field = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD)
    if not name or len(name) > (field.max_length or 150):
        return None
    if any(unicodedata.category(char).startswith("C") for char in name):
        return None
    return name


def find_account(name):
    users = get_user_model()._default_manager
    try:
        return users.get_by_natural_key(name)
    except users.model.DoesNotExist:
        return None


def has_second_factor(user):
    """Whether the account has any confirmed authenticator or backup codes."""
    return any(
        kind.objects.devices_for_user(user, confirmed=True).exists()
        for kind in (TOTPDevice, StaticDevice)
    )


# --- Locks -------------------------------------------------------------------


def forget_expired_locks(now):
    StaffSignInLock.objects.filter(locked_until__lte=now).delete()


def is_locked(username, now):
    return StaffSignInLock.objects.filter(
        username=username, locked_until__gt=now
    ).exists()


def count_failure(username, now):
    """One more failure in a row for an existing account, counted in the
    database (parallel attempts each count); the limit locks the account."""
    locks = StaffSignInLock.objects.filter(username=username)
    with transaction.atomic():
        if not locks.update(failures=F("failures") + 1):
            try:
                with transaction.atomic():
                    StaffSignInLock.objects.create(username=username, failures=1)
            except IntegrityError:  # a parallel attempt made the row first
                locks.update(failures=F("failures") + 1)
        locks.filter(failures__gte=settings.SIGNIN_MAX_FAILURES).update(
            failures=0,
            locked_until=now + datetime.timedelta(minutes=settings.SIGNIN_LOCK_MINUTES),
        )


def forget_failures(username):
    StaffSignInLock.objects.filter(username=username).delete()


# --- The form ----------------------------------------------------------------


class StaffSignInForm(OTPAdminAuthenticationForm):
    """Username, password and a code from an authenticator app (or a backup code)."""

    # Staff never choose a device or ask for a challenge: the code typed is
    # tried against their devices (see _second_factor).
    otp_device = None
    otp_challenge = None
    otp_token = forms.CharField(
        required=False,
        label=_("Code from your authenticator app, or a backup code"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # clean() checks usernames before any query and answers an impossible
        # one with FAILED; the fields' own check (no NUL) would answer in other
        # words. A password is only ever hashed, and _second_factor refuses a
        # code with a control character before any query.
        for name in ("username", "password", "otp_token"):
            self.fields[name].validators = []

    def clean(self):
        typed = self.cleaned_data.get("username")  # stripped and NFKC-normalised
        password = self.cleaned_data.get("password")
        if typed is None or password is None:
            return self.cleaned_data  # an empty field: the field says so
        name = possible_username(typed)
        if name is None:
            raise failed()
        now = timezone.now()
        forget_expired_locks(now)
        try:
            user = authenticate(self.request, username=name, password=password)
        except PasswordChecksBusy:
            raise forms.ValidationError(BUSY, code="busy") from None
        account = user or find_account(name)
        lock = account.get_username() if account is not None else name
        # Checked after the password, so that attempts sent in parallel stop
        # as soon as the ones before them have locked the account.
        if is_locked(lock, now):
            raise failed()
        if not self._allowed(user):
            if account is not None:  # unknown names leave nothing behind
                count_failure(lock, now)
            raise failed()
        forget_failures(lock)
        self.user_cache = user
        return self.cleaned_data

    def _allowed(self, user):
        """An active staff member who also typed a valid code (then
        ``user.otp_device`` says which device, for django-otp's session), or
        one who has no second factor yet: they are signed in unverified, and
        an unverified session opens nothing but the page where they enrol
        their own authenticator (see enrol.py and sites.py)."""
        if user is None or not (user.is_active and user.is_staff):
            return False
        if not has_second_factor(user):
            return True  # no otp_device: django-otp keeps the session unverified
        user.otp_device = self._second_factor(user, self.cleaned_data.get("otp_token"))
        return user.otp_device is not None

    @staticmethod
    def _second_factor(user, token):
        """The device that accepts ``token``, or None. Six digits are checked
        against the staff member's authenticator apps, anything else against
        their backup codes (so a typo never counts against the other kind)."""
        token = (token or "").replace(" ", "")
        if not token or len(token) > 64 or not token.isprintable():
            return None
        kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
        for candidate in kind.objects.devices_for_user(user, confirmed=True):
            allowed, _extra = candidate.verify_is_allowed()
            if allowed and candidate.verify_token(token):
                return candidate
        return None
