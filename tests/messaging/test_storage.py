"""Messages are stored only sealed: no text in the database's files, logs or
backups, and the database with the settings cannot open them without the
team passphrase (for the counsellors' copy) or the visitor's code (theirs)."""

import base64
import datetime
import io
import sys
import tarfile

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

from modules.journal.models import today
from modules.messaging import crypto, keys
from modules.messaging.models import Conversation, Message, TeamKey, purge
from tests.helpers import sign_in_staff, stored_database_bytes
from tests.messaging.conftest import (
    PASSPHRASE,
    make_counsellor,
    start_and_save,
    unlock_inbox,
    write,
)

pytestmark = pytest.mark.django_db
WRITTEN = "Quokka-Marmalade-7781 lives on Elm Street"
NOTE = "Platypus-Vermilion-4410 seems ready"
REPLY = "Axolotl-Tangerine-9032 thank you"


@pytest.fixture
def written(client, team_key):
    start_and_save(client)
    assert write(client, WRITTEN).status_code == 302
    return Message.objects.get()


def _settings_bytes():
    return repr(
        {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
    ).encode()


@pytest.mark.database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_message_text_in_the_database_files_logs_or_backup(
    client, team_key, captured_logs, tmp_path
):
    start_and_save(client)
    write(client, WRITTEN)
    # A counsellor opens the inbox, reads, notes and replies.
    counsellor = sign_in_staff(Client(), make_counsellor("aino"))
    unlock_inbox(counsellor)
    conversation = Conversation.objects.get()
    page = f"/admin/messaging/conversation/{conversation.id}/"
    assert WRITTEN in counsellor.get(page).content.decode()
    counsellor.post(page + "claim/")
    counsellor.post(page + "note/", {"note": NOTE})
    counsellor.post(page + "reply/", {"text": REPLY, "seen": 1})
    assert REPLY in client.get("/en/messages/").content.decode()
    texts = [WRITTEN, NOTE, REPLY]

    private = crypto.unlock_private_key(TeamKey.objects.get(), PASSPHRASE)
    secrets = [private, private.hex().encode(), base64.b64encode(private)]
    for text in texts:
        assert text not in captured_logs.text
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.isfile():
                content = tar.extractfile(member).read()
                for needle in [t.encode() for t in texts] + secrets:
                    assert needle not in content, member.name
    # The team's private key is not in the settings either.
    for secret in secrets:
        assert secret not in _settings_bytes()
    if connection.vendor != "sqlite":
        return  # the file check reads SQLite's file and write-ahead log
    stored = stored_database_bytes()
    assert len(stored) > 100_000, "the database file was read"
    for text in texts:
        assert text.encode() not in stored
        assert text.encode("utf-16-le") not in stored
    for secret in secrets:
        assert secret not in stored


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


def test_conversations_whose_visitor_never_came_back_are_purged_by_the_command(
    written,
):
    long_ago = today() - datetime.timedelta(days=settings.JOURNAL_SAVED_DAYS + 1)
    Conversation.objects.update(last_seen=long_ago)
    out = io.StringIO()
    call_command("purgemessages", stdout=out)
    assert "1 abandoned" in out.getvalue()
    assert not Conversation.objects.exists()
