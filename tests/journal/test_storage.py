"""What the database's files give away: not how much a visitor wrote (records
are padded), not the order journals were made in (no rowid), and nothing of
a journal once it is deleted."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from modules.content.models import Step
from modules.journal import crypto
from modules.journal.models import Journal
from tests.helpers import (
    answer_one,
    answers_for,
    save_code,
    step_path,
    stored_database_bytes,
)

KEY = bytes(32)
LOOKUP = "ab" * 16


def test_records_are_padded_so_their_size_hides_how_much_was_written():
    short = crypto.empty_data()
    short["diary"].append({"situation": "a"})
    longer = crypto.empty_data()
    longer["diary"].append({"situation": "ä" * 1500})
    sealed = [
        crypto.encrypt(KEY, LOOKUP, data, limit=1 << 20) for data in (short, longer)
    ]
    assert len(sealed[0]) == len(sealed[1])
    assert crypto.decrypt(KEY, LOOKUP, sealed[1]) == longer
    bigger = crypto.empty_data()
    bigger["diary"].append({"situation": "x" * 5000})
    assert len(crypto.encrypt(KEY, LOOKUP, bigger, limit=1 << 20)) > len(sealed[0])
    with pytest.raises(crypto.JournalFull):
        crypto.encrypt(KEY, LOOKUP, bigger, limit=4096)


@pytest.mark.database
@pytest.mark.django_db
def test_two_visitors_who_wrote_different_amounts_leave_records_of_one_size(
    program,
):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    question = step.questions.first()
    for text in ("No.", "A longer answer, written with care. " * 40):
        data = answers_for(step)
        data[f"q_{question.key}"] = text
        assert Client().post(step_path(step), data).status_code == 302
    sizes = {len(bytes(j.ciphertext)) for j in Journal.objects.all()}
    assert Journal.objects.count() == 2
    assert len(sizes) == 1, sizes


@pytest.mark.database
@pytest.mark.django_db
def test_the_journal_table_keeps_no_order_of_creation(client, program):
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite numbers rows in the order they were inserted")
    answer_one(client, program, "order")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s",
            ["journal_journal"],
        )
        assert cursor.fetchone()[0].upper().endswith("WITHOUT ROWID")
        with pytest.raises(Exception, match="rowid"):
            cursor.execute("SELECT rowid FROM journal_journal")


def pieces(ciphertext):
    """Stretches of a ciphertext that would only be on disk if it were."""
    blob = bytes(ciphertext)
    return [blob[i : i + 24] for i in (13, len(blob) // 2, len(blob) - 24)]


def assert_gone_from_the_files(ciphertexts):
    assert not Journal.objects.exists()
    if connection.vendor != "sqlite":
        # PostgreSQL keeps deleted rows in its files until VACUUM (the
        # privacy page and docs/deploy.md say so); the row is gone from the table.
        return
    stored = stored_database_bytes()  # the file and its write-ahead log
    assert len(stored) > 100_000, "the database file was read"
    for number, ciphertext in enumerate(ciphertexts):
        for piece in pieces(ciphertext):
            assert piece not in stored, f"version {number} of the journal is on disk"


@pytest.mark.database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_delete_everything_leaves_no_copy_in_the_database_files(client, program):
    versions = []
    answer_one(client, program, "on-disk")
    versions.append(Journal.objects.get().ciphertext)
    client.post(
        "/en/diary/",
        {"strength": "6", "situation": "on disk " * 100, "did": "", "helped": ""},
    )
    versions.append(Journal.objects.get().ciphertext)
    save_code(client)
    client.get("/en/program/")  # the browser has the code's cookie
    versions.append(Journal.objects.get().ciphertext)
    assert client.post("/en/delete/").status_code == 200
    assert_gone_from_the_files(versions)


@pytest.mark.database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_purged_journals_leave_no_copy_in_the_database_files(program):
    visitor = Client()
    answer_one(visitor, program, "purged")
    versions = [Journal.objects.get().ciphertext]
    Journal.objects.update(last_used=datetime.date(2000, 1, 1))
    call_command("purge", verbosity=0)
    assert_gone_from_the_files(versions)
