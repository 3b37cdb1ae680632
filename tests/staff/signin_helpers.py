"""Helpers for the sign-in tests (not fixtures): posting the sign-in form,
the current authenticator code, reading a sign-in page's messages, and
password hashers that let a test see (or interfere with) each password check."""

import datetime
import re

from django.contrib.auth.hashers import MD5PasswordHasher
from django.utils import timezone
from django_otp.oath import totp

from tests.helpers import STAFF_PASSWORD as PASSWORD

__all__ = [
    "PASSWORD",
    "CountingHasher",
    "LockingHasher",
    "current_code",
    "error_notes",
    "page_without_values",
    "sign_in",
    "wrong_code",
]


def current_code(device):
    return str(
        totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    ).zfill(device.digits)


def wrong_code(device):
    """Six digits that are none of the codes the device accepts around now."""
    near = {
        str(
            totp(device.bin_key, step=device.step, t0=device.t0 + shift * device.step)
        ).zfill(6)
        for shift in (-2, -1, 0, 1, 2)
    }
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in near)


def sign_in(client, username, password, token=""):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "otp_token": token},
    )


def page_without_values(response):
    """The sign-in page without its value attributes (the CSRF token, the
    typed username and code): what is left is what a failure tells."""
    return re.sub(r'\svalue="[^"]*"', "", response.content.decode())


def error_notes(response):
    return re.findall(r'<p class="errornote">(.*?)</p>', response.content.decode())


class CountingHasher(MD5PasswordHasher):
    """MD5 (fast, for tests) that counts every password it hashes, whether to
    store it or to check it (MD5's ``verify`` hashes through ``encode``)."""

    runs = 0

    def encode(self, password, salt):
        type(self).runs += 1
        return super().encode(password, salt)


class LockingHasher(MD5PasswordHasher):
    """MD5 that, while it checks a password, locks the account being signed
    in to: as if other attempts in parallel had just used up its failures."""

    username = "editor1"

    def verify(self, password, encoded):
        from modules.staff.models import StaffSignInLock

        StaffSignInLock.objects.update_or_create(
            username=self.username,
            defaults={
                "failures": 0,
                "locked_until": timezone.now() + datetime.timedelta(minutes=10),
            },
        )
        return super().verify(password, encoded)
