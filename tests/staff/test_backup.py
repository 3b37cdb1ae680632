"""Backups: one archive with the database and the catalogues, readable by its
owner only, restored into an empty database."""

import datetime
import json
import tarfile
import tracemalloc
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from modules.content.models import Step, Track
from modules.journal.models import Journal
from tests.helpers import answers_for, save_code, step_path

pytestmark = pytest.mark.database


@pytest.mark.django_db
def test_backup_and_restore_into_an_empty_database_keeps_the_program_and_saved_journals(
    client, program, tmp_path, locale_copy
):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    client.post(step_path(step), answers_for(step, marker="backed-up"))
    code = save_code(client)
    steps_before = Step.objects.count()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    assert archive.stat().st_mode & 0o077 == 0, (
        "the archive is readable by its owner only"
    )

    call_command("flush", interactive=False, verbosity=0)
    assert not Track.objects.exists()
    assert not Journal.objects.exists()
    for po in Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/content.*"):
        po.unlink()

    call_command("restore", str(archive), verbosity=0)
    assert Step.objects.count() == steps_before
    fresh = Client()
    assert fresh.post("/fi/continue/", {"code": code}).status_code == 302
    summary = fresh.get(
        f"/fi/program/{program.slug}/{step.stage.slug}/summary/"
    ).content.decode()
    assert "backed-up" in summary
    # The catalogues came back too: Finnish pages are in Finnish.
    assert (
        'lang="en"'
        not in fresh.get(step_path(step, "fi")).content.decode().split("<main", 1)[1]
    )


def test_restore_refuses_something_that_is_not_a_backup(tmp_path, db):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(Exception, match="Cannot read"):
        call_command("restore", str(bogus), force=True, verbosity=0)


@pytest.mark.django_db
def test_backup_streams_the_database_instead_of_holding_it_in_memory(tmp_path):
    """A database of about 16 MB of journals is backed up with a small
    fraction of that in memory at the peak, and restores whole: the rows
    travel one at a time from the database to the archive."""
    blob = bytes(range(256)) * 32  # 8 KiB of "ciphertext" per journal
    today = datetime.date.today()
    Journal.objects.bulk_create(
        Journal(lookup=f"bulk-{i:05d}", ciphertext=blob, last_used=today)
        for i in range(2000)
    )
    archive = tmp_path / "backup.tar.gz"
    tracemalloc.start()
    try:
        call_command("backup", str(archive), verbosity=0)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    with tarfile.open(archive) as tar:
        data_size = tar.getmember("data.json").size
        rows = json.load(tar.extractfile("data.json"))
    assert data_size > 16_000_000
    assert peak < data_size / 8, f"peak {peak} bytes for {data_size} bytes of data"
    journals = [r for r in rows if r["model"] == "journal.journal"]
    assert len(journals) == 2000
    assert not list(tmp_path.glob(".selfhelp-backup-*")), "the spool file is removed"

    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(archive), verbosity=0)
    assert Journal.objects.filter(lookup__startswith="bulk-").count() == 2000
    assert bytes(Journal.objects.get(lookup="bulk-01999").ciphertext) == blob
