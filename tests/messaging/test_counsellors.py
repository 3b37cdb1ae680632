"""The counsellors' side: open the inbox, claim, reply, note, flag, close."""

import pytest
from django.test import Client

from modules.messaging import keys
from modules.messaging.models import Conversation, ReplyOpening
from tests.helpers import fi_translate, member_of, sign_in_staff, visible_text
from tests.messaging.conftest import (
    PASSPHRASE,
    make_counsellor,
    start_and_save,
    unlock_inbox,
    write,
)

pytestmark = pytest.mark.django_db
INBOX = "/admin/messaging/conversation/"


@pytest.fixture
def waiting(client, team_key):
    """A visitor who has written once; the client is theirs."""
    start_and_save(client)
    write(client, "I keep going back to those sites.")
    return Conversation.objects.get()


def url(conversation, action=""):
    return f"{INBOX}{conversation.id}/{action + '/' if action else ''}"


def test_the_inbox_lists_by_state_without_the_key_but_reading_needs_it(
    waiting, counsellor
):
    listing = counsellor.get(INBOX).content.decode()
    assert url(waiting) in listing
    assert "0 days" in visible_text(listing)
    assert "New (1)" in visible_text(listing)
    assert url(waiting) not in counsellor.get(INBOX + "?language=fi").content.decode()
    assert "I keep going back" not in listing
    assert url(waiting) not in counsellor.get(INBOX + "?state=closed").content.decode()
    page = counsellor.get(url(waiting)).content.decode()
    assert "I keep going back" not in page
    assert "Team passphrase" in page
    assert unlock_inbox(counsellor, "wrong passphrase!").status_code == 302
    assert "I keep going back" not in counsellor.get(url(waiting)).content.decode()
    unlock_inbox(counsellor)
    assert "I keep going back" in counsellor.get(url(waiting)).content.decode()
    # Locking forgets it.
    counsellor.post(INBOX + "lock/")
    assert "I keep going back" not in counsellor.get(url(waiting)).content.decode()


def test_the_unlocked_key_is_useless_without_the_staff_session(waiting, counsellor):
    unlock_inbox(counsellor)
    cookie = counsellor.cookies["team_key"].value
    other = sign_in_staff(Client(), make_counsellor("c2", "Bea"))
    other.cookies["team_key"] = cookie
    assert "I keep going back" not in other.get(url(waiting)).content.decode()


def test_claim_reply_and_the_visitor_reads_it(client, waiting, counsellor):
    unlock_inbox(counsellor)
    # Replying without claiming is refused, and the text is kept.
    response = counsellor.post(url(waiting, "reply"), {"text": "Hello", "seen": 1})
    assert "Claim the conversation" in response.content.decode()
    counsellor.post(url(waiting, "claim"))
    second = sign_in_staff(Client(), make_counsellor("c2", "Bea"))
    unlock_inbox(second)
    second.post(url(waiting, "claim"))
    waiting.refresh_from_db()
    assert waiting.claimed_by.username == "counsellor1"
    assert "Aino has claimed" in second.get(url(waiting)).content.decode()
    response = counsellor.post(
        url(waiting, "reply"), {"text": "Thank you for writing.", "seen": 1}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.state == Conversation.WAITING_THEM
    page = visible_text(client.get("/en/messages/").content.decode())
    assert "Thank you for writing." in page
    assert "Aino" in page
    write(client, "Thanks")
    waiting.refresh_from_db()
    assert waiting.state == Conversation.WAITING_US


def test_a_reply_written_while_the_visitor_wrote_again_is_kept_not_sent(
    client, waiting, counsellor
):
    unlock_inbox(counsellor)
    counsellor.post(url(waiting, "claim"))
    write(client, "One more thing.")
    response = counsellor.post(
        url(waiting, "reply"), {"text": "My careful reply", "seen": 1}
    )
    html = response.content.decode()
    assert "A new message arrived" in html
    assert "My careful reply" in html
    assert "One more thing." in html
    assert waiting.messages.count() == 2


def test_notes_are_for_staff_only(client, waiting, counsellor):
    unlock_inbox(counsellor)
    counsellor.post(url(waiting, "note"), {"note": "Seems ready to change."})
    assert "Seems ready to change." in counsellor.get(url(waiting)).content.decode()
    assert "Seems ready to change." not in client.get("/en/messages/").content.decode()


def test_flag_and_close_as_abusive(client, waiting, counsellor):
    unlock_inbox(counsellor)
    counsellor.post(url(waiting, "flag"))
    assert url(waiting) in counsellor.get(INBOX + "?state=flagged").content.decode()
    counsellor.post(url(waiting, "close"), {"reason": "abusive"})
    waiting.refresh_from_db()
    assert waiting.state == Conversation.CLOSED
    assert waiting.closed_on is not None
    response = write(client, "more")
    assert response.status_code == 403
    assert waiting.messages.count() == 1


def test_reply_openings_show_in_the_conversations_language(
    client, team_key, counsellor
):
    """Openings are translated in the content catalogue like the program; a
    counsellor answering someone who writes in Finnish sees them in Finnish."""
    opening = ReplyOpening.objects.create(title="Reflect", text="It sounds like")
    fi_translate(opening, "text", "Kuulostaa siltä, että")
    start_and_save(client, lang="fi")
    write(client, "Palaan aina niille sivuille.", lang="fi")
    finnish = Conversation.objects.get()
    assert finnish.language == "fi"
    unlock_inbox(counsellor)
    counsellor.post(url(finnish, "claim"))
    page = counsellor.get(url(finnish)).content.decode()
    assert "Kuulostaa siltä, että" in page
    assert "It sounds like" not in page


def test_only_counsellors_answer_and_editors_write_openings(waiting, counsellor):
    editor = sign_in_staff(Client(), member_of("Editors"))
    assert editor.get(INBOX).status_code == 403
    assert editor.get("/admin/messaging/replyopening/add/").status_code == 200
    assert counsellor.get("/admin/messaging/replyopening/add/").status_code == 403
    assert counsellor.get("/admin/content/step/").status_code == 403


def test_a_counsellor_chooses_a_display_name(client, waiting):
    nameless = sign_in_staff(Client(), make_counsellor("c3", display_name=None))
    unlock_inbox(nameless)
    nameless.post(url(waiting, "claim"))
    response = nameless.post(url(waiting, "reply"), {"text": "Hi", "seen": 1})
    assert "Choose your display name" in response.content.decode()
    nameless.post(INBOX + "me/", {"display_name": "Kim"})
    nameless.post(url(waiting, "reply"), {"text": "Hi", "seen": 1})
    assert "Kim" in client.get("/en/messages/").content.decode()


def test_opening_the_inbox_returns_only_to_a_page_of_this_site(waiting, counsellor):
    response = counsellor.post(
        INBOX + "open/",
        {"passphrase": PASSPHRASE, "next": "//evil.example/"},
    )
    assert response.url == INBOX
    response = counsellor.post(
        INBOX + "open/",
        {"passphrase": PASSPHRASE, "next": url(waiting)},
    )
    assert response.url == url(waiting)


def test_after_a_key_rotation_the_inbox_asks_for_the_passphrase_again(
    waiting, counsellor
):
    unlock_inbox(counsellor)
    assert "I keep going back" in counsellor.get(url(waiting)).content.decode()
    keys.rotate(PASSPHRASE, "the new team passphrase")
    page = counsellor.get(url(waiting)).content.decode()
    assert "Team passphrase" in page
    unlock_inbox(counsellor, "the new team passphrase")
    assert "I keep going back" in counsellor.get(url(waiting)).content.decode()
