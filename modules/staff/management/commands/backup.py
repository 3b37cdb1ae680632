"""Write a consistent backup: the database, the catalogues, and the settings
a restore needs, as one .tar.gz archive."""

import io
import json
import os
import tarfile
import tempfile
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import connection, transaction

# Rows that are rebuilt by migrations, or hold nothing worth restoring.
EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
]
# Rows held in memory at once while writing a backup.
ROWS_PER_FETCH = 100


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
            # The rows go to a file beside the archive first, one at a time:
            # a tar member's size must be known before it is written, and
            # the database may be larger than the server's memory.
            with tempfile.NamedTemporaryFile(
                dir=path.parent, prefix=".selfhelp-backup-", suffix=".json"
            ) as data:
                self._dump(data.name)
                with tarfile.open(path, "w:gz") as tar:
                    manifest_bytes = json.dumps(manifest, indent=2).encode()
                    self._add(tar, "manifest.json", manifest_bytes)
                    tar.add(data.name, arcname="data.json", filter=_owner_only)
                    locale = Path(settings.LOCALE_PATHS[0])
                    for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
                        tar.add(po, arcname=f"locale/{po.relative_to(locale)}")
                    if not no_secrets:
                        lines = [
                            f"SELFHELP_SECRET_KEY={settings.SECRET_KEY}",
                            f"SELFHELP_CODE_PEPPER={settings.CODE_PEPPER}",
                        ]
                        secrets = ("\n".join(lines) + "\n").encode()
                        self._add(tar, "secrets.env", secrets)
        finally:
            os.umask(old_umask)
        if options["verbosity"] > 0:
            self.stdout.write(f"Wrote {path} ({path.stat().st_size // 1024} KiB).")
            if not no_secrets:
                self.stdout.write(
                    "It contains the secret key and the pepper: store it encrypted and offline."
                )

    @staticmethod
    def _dump(filename):
        """Every table into ``filename`` as JSON (what dumpdata writes and
        loaddata reads), streamed: rows are fetched ROWS_PER_FETCH at a time
        and written as they come, so memory stays bounded whatever the
        database's size. (dumpdata itself fetches 2,000 rows at a time: with
        journals, tens of megabytes.)"""
        outermost = not connection.in_atomic_block
        with transaction.atomic(), open(filename, "w", encoding="utf-8") as out:
            if connection.vendor == "postgresql" and outermost:
                # Every table from the same moment, while the site keeps running.
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"
                    )
            serializers.serialize(
                "json",
                _every_row(),
                stream=out,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            )

    @staticmethod
    def _add(tar, name, payload):
        info = tarfile.TarInfo(name)
        info.size = len(payload)
        info.mode = 0o600
        tar.addfile(info, io.BytesIO(payload))


def _owner_only(info):
    info.mode = 0o600
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _every_row():
    """Each row of every table but those EXCLUDEd, tables in the order
    loaddata needs (what a row refers to comes first), read by an iterator."""
    app_list = {
        config: None
        for config in apps.get_app_configs()
        if config.models_module is not None and config.label not in EXCLUDE
    }
    for model in serializers.sort_dependencies(app_list.items(), allow_cycles=True):
        if model._meta.proxy or model._meta.label_lower in EXCLUDE:
            continue
        queryset = model._default_manager.order_by(model._meta.pk.name)
        yield from queryset.iterator(chunk_size=ROWS_PER_FETCH)
