"""Messages are stored only sealed: no text in the database's files, logs or
backups, and the database with the settings cannot open them without the
team passphrase (for the counsellors' copy) or the visitor's code (theirs)."""

import datetime
import io
import sys
import tarfile

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from modules.journal.models import today
from modules.messaging import crypto, keys
from modules.messaging.models import Conversation, Message, TeamKey, purge
from tests.helpers import stored_database_bytes
from tests.messaging.conftest import PASSPHRASE, start_and_save, write

pytestmark = pytest.mark.django_db
WRITTEN = "Quokka-Marmalade-7781 lives on Elm Street"


@pytest.fixture
def written(client, team_key):
    start_and_save(client)
    assert write(client, WRITTEN).status_code == 302
    return Message.objects.get()


def _settings_bytes():
    return repr(
        {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
    ).encode()


@pytest.mark.django_db(transaction=True)
def test_no_message_text_in_the_database_files_logs_or_backup(
    client, team_key, captured_logs, tmp_path
):
    start_and_save(client)
    write(client, WRITTEN)
    client.get("/en/messages/")
    stored = stored_database_bytes()
    assert WRITTEN.encode() not in stored
    assert WRITTEN.encode("utf-16-le") not in stored
    assert WRITTEN not in captured_logs.text
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.isfile():
                assert WRITTEN.encode() not in tar.extractfile(member).read()
    # The team's private key is nowhere either, nor in the settings.
    private = crypto.unlock_private_key(TeamKey.objects.get(), PASSPHRASE)
    assert private not in stored
    assert private not in _settings_bytes()


def test_the_database_and_settings_cannot_open_a_message_without_the_passphrase(
    written,
):
    key = TeamKey.objects.get()
    with pytest.raises(crypto.CannotOpen):
        crypto.unlock_private_key(key, settings.SECRET_KEY)
    with pytest.raises(crypto.CannotOpen):
        crypto.unlock_private_key(key, settings.CODE_PEPPER)
    # The visitor's copy opens only with the key inside their journal, which
    # itself opens only with their code or cookie (none is stored).
    with pytest.raises(crypto.CannotOpen):
        crypto.unseal(bytes(key.locked_private_key)[-32:], written.for_visitor)
    # With the passphrase the counsellors' copy opens.
    private = crypto.unlock_private_key(key, PASSPHRASE)
    assert crypto.unseal(private, written.for_team) == WRITTEN


def test_rotating_the_key_pair_reseals_every_copy(written, monkeypatch):
    old_public = bytes(TeamKey.objects.get().public_key)
    monkeypatch.setattr(
        sys, "stdin", io.StringIO(f"{PASSPHRASE}\nanother long phrase\n")
    )
    call_command("messagingkey", "rotate", stdout=io.StringIO())
    key = TeamKey.objects.get()
    assert bytes(key.public_key) != old_public
    with pytest.raises(crypto.CannotOpen):
        crypto.unlock_private_key(key, PASSPHRASE)
    private = crypto.unlock_private_key(key, "another long phrase")
    assert crypto.unseal(private, Message.objects.get().for_team) == WRITTEN


def test_changing_the_passphrase_keeps_the_key_pair(written, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{PASSPHRASE}\nnew team words 42\n"))
    call_command("messagingpassphrase", stdout=io.StringIO())
    key = TeamKey.objects.get()
    with pytest.raises(crypto.CannotOpen):
        crypto.unlock_private_key(key, PASSPHRASE)
    private = crypto.unlock_private_key(key, "new team words 42")
    assert crypto.unseal(private, Message.objects.get().for_team) == WRITTEN


def test_a_wrong_passphrase_changes_nothing(written):
    with pytest.raises(keys.KeyProblem):
        keys.rotate("not the passphrase", "a new long passphrase")
    assert crypto.unlock_private_key(TeamKey.objects.get(), PASSPHRASE)


def test_stored_copies_do_not_tell_the_length_of_a_message(client, team_key):
    start_and_save(client)
    write(client, "ok")
    write(client, "a much longer message " * 20)
    sizes = {len(bytes(m.for_team)) for m in Message.objects.all()}
    assert len(sizes) == 1


def test_closed_conversations_are_purged_after_the_configured_days(written):
    conversation = written.conversation
    Conversation.objects.filter(id=conversation.id).update(
        state=Conversation.CLOSED, closed_on=today()
    )
    later = today() + datetime.timedelta(days=settings.MESSAGING_CLOSED_DAYS)
    assert purge(later) == {"closed": 0, "abandoned": 0}
    later = later + datetime.timedelta(days=1)
    assert purge(later)["closed"] == 1
    assert not Message.objects.exists()


def test_only_days_are_stored_and_the_tables_have_no_rowid(written):
    for field in (*Conversation._meta.fields, *Message._meta.fields):
        assert field.get_internal_type() != "DateTimeField", field.name
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL tables have no rowid")
    with connection.cursor() as cursor:
        for table in ("messaging_conversation", "messaging_message", "messaging_note"):
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table])
            assert "WITHOUT ROWID" in cursor.fetchone()[0].upper(), table
