"""Write a consistent backup: the database, the catalogues, and the settings
a restore needs, as one .tar.gz archive."""

import io
import json
import os
import tarfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction

# Rows that are rebuilt by migrations, or hold nothing worth restoring.
EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
]


class Command(BaseCommand):
    help = (
        "Write a backup archive: every table (as portable JSON, read in one "
        "consistent snapshot), the translation catalogues, and the secrets a "
        "restore needs to keep saved journals readable."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Where to write the .tar.gz file.")
        parser.add_argument(
            "--no-secrets",
            action="store_true",
            help="Leave out the secret key and pepper (keep them elsewhere: without "
            "the pepper, journals saved with a code cannot be opened after a restore).",
        )

    def handle(self, *args, archive, no_secrets, **options):
        data = io.StringIO()
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                # Every table from the same moment, while the site keeps running.
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
                    )
            call_command(
                "dumpdata",
                exclude=EXCLUDE,
                natural_foreign=True,
                natural_primary=True,
                stdout=data,
                verbosity=0,
            )
        manifest = {
            "format": 1,
            "created": time.strftime("%Y-%m-%d"),
            "database_vendor": connection.vendor,
            "languages": [code for code, _name in settings.LANGUAGES],
        }
        path = Path(archive)
        path.parent.mkdir(parents=True, exist_ok=True)
        old_umask = os.umask(0o077)  # the archive holds secrets: owner only
        try:
            with tarfile.open(path, "w:gz") as tar:
                self._add(tar, "manifest.json", json.dumps(manifest, indent=2).encode())
                self._add(tar, "data.json", data.getvalue().encode())
                locale = Path(settings.LOCALE_PATHS[0])
                for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
                    tar.add(po, arcname=f"locale/{po.relative_to(locale)}")
                if not no_secrets:
                    lines = [
                        f"SELFHELP_SECRET_KEY={settings.SECRET_KEY}",
                        f"SELFHELP_CODE_PEPPER={settings.CODE_PEPPER}",
                    ]
                    self._add(tar, "secrets.env", ("\n".join(lines) + "\n").encode())
        finally:
            os.umask(old_umask)
        if options["verbosity"] > 0:
            self.stdout.write(f"Wrote {path} ({path.stat().st_size // 1024} KiB).")
            if not no_secrets:
                self.stdout.write(
                    "It contains the secret key and the pepper: store it encrypted and offline."
                )

    @staticmethod
    def _add(tar, name, payload):
        info = tarfile.TarInfo(name)
        info.size = len(payload)
        info.mode = 0o600
        tar.addfile(info, io.BytesIO(payload))
