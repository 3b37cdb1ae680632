"""Restore a backup written by `manage.py backup` into an empty database."""

import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from modules.content.models import Track
from modules.journal.models import Journal
from modules.translations import files, lookup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database (run `migrate` first): "
        "the data, and the catalogues into SELFHELP_LOCALE_DIR. The secrets in "
        "the archive are shown, not installed: put them in the environment."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even if the database already holds a program.",
        )

    def handle(self, *args, archive, force, **options):
        if not force and (Track.objects.exists() or Journal.objects.exists()):
            raise CommandError(
                "The database is not empty. Restore into a fresh database, or use --force."
            )
        try:
            tar = tarfile.open(archive, "r:gz")
        except (OSError, tarfile.TarError) as exc:
            raise CommandError(f"Cannot read {archive}: {exc}") from exc
        with tar, tempfile.TemporaryDirectory() as tmp:
            members = {m.name: m for m in tar.getmembers()}
            manifest = self._read_manifest(tar, members, archive)
            self._load_data(tar, members["data.json"], Path(tmp))
            self._restore_catalogues(tar, members)
            secrets = members.get("secrets.env")
            if secrets is not None and self._pepper_differs(tar, secrets):
                self.stderr.write(
                    "Warning: this server's SELFHELP_CODE_PEPPER differs from the backup's. Journals "
                    "saved with a code open only with the backup's pepper (see secrets.env in the archive)."
                )
            if options["verbosity"] > 0:
                self.stdout.write(f"Restored the backup of {manifest.get('created')}.")
                if secrets is not None:
                    self.stdout.write(
                        "The archive holds the secret key and pepper (secrets.env). Put them in "
                        "the environment (e.g. /etc/selfhelp/selfhelp.env) if this is a new server."
                    )

    @staticmethod
    def _read_manifest(tar, members, archive):
        """The archive's manifest, once it is known to be a backup this version reads."""
        if "manifest.json" not in members or "data.json" not in members:
            raise CommandError(f"{archive} is not a selfhelp backup.")
        manifest = json.load(tar.extractfile(members["manifest.json"]))
        if manifest.get("format") != 1:
            raise CommandError(
                "This backup was written by a newer version of selfhelp."
            )
        return manifest

    @staticmethod
    def _load_data(tar, member, tmp):
        data = tmp / "data.json"
        with data.open("wb") as out:
            shutil.copyfileobj(tar.extractfile(member), out)
        with transaction.atomic():
            call_command("loaddata", str(data), verbosity=0)

    @staticmethod
    def _restore_catalogues(tar, members):
        """Write the archive's .po files into the locale directory, and compile them."""
        locale = Path(settings.LOCALE_PATHS[0])
        for name, member in members.items():
            if name.startswith("locale/") and name.endswith(".po") and ".." not in name:
                target = locale / name[len("locale/") :]
                files.write_atomically(target, tar.extractfile(member).read())
        call_command("compilemessages", verbosity=0)
        lookup.forget_loaded()

    @staticmethod
    def _pepper_differs(tar, secrets):
        values = dict(
            line.split("=", 1)
            for line in tar.extractfile(secrets).read().decode().splitlines()
            if "=" in line
        )
        return values.get("SELFHELP_CODE_PEPPER") != settings.CODE_PEPPER
