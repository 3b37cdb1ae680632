"""Create the first administrator, with a second factor, and say how to enrol it."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10


class Command(BaseCommand):
    help = (
        "Create an administrator account with an authenticator (TOTP) and backup codes. "
        "The password is asked for, or read from SELFHELP_ADMIN_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    @transaction.atomic
    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} already exists.")
        password = os.environ.get("SELFHELP_ADMIN_PASSWORD")
        if not password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match.")
        user = User(username=username, is_staff=True, is_superuser=True)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name="Administrators"))

        totp = TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=True
        )
        static = StaticDevice.objects.create(
            user=user, name="Backup codes", confirmed=True
        )
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
        for code in codes:
            static.token_set.create(token=code)

        self.stdout.write(f"Created the administrator {username!r}.\n")
        self.stdout.write(
            "1. Enrol the second factor: in an authenticator app (e.g. Aegis, FreeOTP,"
        )
        self.stdout.write(
            "   Google Authenticator), add an account by hand with this key:\n"
        )
        self.stdout.write(f"     {self.b32(totp)}\n")
        self.stdout.write(
            "   (time-based, 6 digits, every 30 seconds), or open this link on the phone:\n"
        )
        self.stdout.write(f"     {totp.config_url}\n")
        self.stdout.write(
            "2. Keep these backup codes somewhere safe; each works once if the phone is lost:\n"
        )
        for code in codes:
            self.stdout.write(f"     {code}")
        self.stdout.write(
            "\n3. Sign in to the admin with the username, the password and a code from the app."
        )
        self.stdout.write(
            "   Add other staff in the admin (Users), put them in a group (Editors,"
        )
        self.stdout.write(
            "   Translators, Researchers, Administrators); at their first sign-in (password"
        )
        self.stdout.write(
            "   only) they set up their own authenticator app and get their backup codes."
        )

    @staticmethod
    def b32(device):
        from base64 import b32encode

        return b32encode(device.bin_key).decode()
