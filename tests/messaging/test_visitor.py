"""The help-seeker's side: save, write, read the reply, within the limits."""

import pytest
from django.test import Client, override_settings

from modules.messaging import conversations
from modules.messaging.models import Conversation, Message
from tests.helpers import (
    CODE_RE,
    ordered_steps,
    step_path,
    still_has_the_saved_answer,
    visible_text,
)
from tests.messaging.conftest import start_and_save, write

pytestmark = pytest.mark.django_db


def test_writing_needs_a_saved_journal_and_saving_takes_one_step(
    client, team_key, service
):
    page = visible_text(client.get("/en/messages/").content.decode())
    assert "First, save your progress with a code" in page
    assert "not an emergency service" in page
    assert "within 3 days" in page
    assert "Monday to Friday" in page
    # Writing before saving stores nothing.
    write(client, "hello before saving")
    assert not Message.objects.exists()

    code = CODE_RE.search(start_and_save(client).content.decode()).group(1)
    assert code
    assert write(client, "Hello, I need to talk.").status_code == 302
    page = visible_text(client.get("/en/messages/").content.decode())
    assert "Hello, I need to talk." in page
    assert Conversation.objects.get().state == Conversation.NEW


def test_saving_for_messages_keeps_the_visitors_answers(visitor, program, team_key):
    start_and_save(visitor)
    assert write(visitor, "hi").status_code == 302
    still_has_the_saved_answer(visitor, program)


@override_settings(MESSAGING_MAX_CHARS=50)
def test_a_too_long_message_is_refused_with_a_translated_message_and_kept(
    client, team_key
):
    start_and_save(client, "fi")
    long_text = "x" * 60
    response = write(client, long_text, "fi")
    assert response.status_code == 400
    page = visible_text(response.content.decode())
    assert "enintään 50 merkkiä" in page
    assert long_text in response.content.decode()  # nothing typed is lost
    assert not Message.objects.exists()


@override_settings(MESSAGING_PER_DAY=2)
def test_messages_per_day_are_limited_per_journal(client, team_key):
    start_and_save(client)
    assert write(client, "one").status_code == 302
    assert write(client, "two").status_code == 302
    response = write(client, "three")
    assert response.status_code == 429
    assert "as many messages as you can today" in visible_text(
        response.content.decode()
    )
    assert Message.objects.count() == 2
    # Another visitor is not held back by this one.
    other = Client()
    start_and_save(other)
    assert write(other, "mine").status_code == 302


def test_messages_are_plain_text_and_links_are_not_rendered(client, team_key):
    start_and_save(client)
    write(client, 'See <a href="http://evil.example">this</a> and http://x.example')
    html = client.get("/en/messages/").content.decode()
    assert "&lt;a href=" in html
    assert 'href="http://evil.example"' not in html
    assert 'href="http://x.example"' not in html


def test_a_reply_marker_shows_on_every_page_until_it_is_read(client, program, team_key):
    start_and_save(client)
    write(client, "hello")
    conversation = Conversation.objects.get()
    marker = "A counsellor has answered you"
    assert marker not in client.get("/en/plan/").content.decode()
    conversations.reply(conversation.id, None, "We are here.", seen_number=1)
    # A browser drops the emptied cookie of the "saved" message; the test
    # client keeps sending it, which would keep every page from the outlines.
    client.cookies.pop("messages", None)
    for page in (
        "/en/",
        "/en/plan/",
        "/en/progress/",
        "/en/diary/",
        f"/en/program/{program.slug}/",
        "/en/about/",
        "/en/privacy/",
        "/en/help/",
        "/en/act-now/",
        "/en/glossary/",
        # Pages filled into a kept outline for other visitors (outlines.py).
        step_path(ordered_steps(program)[1]),
    ):
        assert marker in client.get(page).content.decode(), page
    # A visitor without the journal sees nothing of it.
    assert marker not in Client().get("/en/plan/").content.decode()
    assert "We are here." in client.get("/en/messages/").content.decode()
    assert marker not in client.get("/en/plan/").content.decode()


def test_delete_everything_deletes_the_conversation(client, team_key):
    start_and_save(client)
    write(client, "please delete me")
    assert Conversation.objects.count() == 1
    client.post("/en/delete/")
    assert not Conversation.objects.exists()
    assert not Message.objects.exists()


def test_the_menu_act_now_and_plan_link_to_messages(client):
    for url in ("/en/", "/en/plan/", "/en/act-now/?eased=no"):
        assert 'href="/en/messages/"' in client.get(url).content.decode(), url


def test_before_the_team_key_exists_the_page_says_messages_are_not_open(client):
    page = visible_text(client.get("/es/messages/").content.decode())
    assert "Los mensajes aún no están abiertos" in page
    client.post("/es/messages/start/")
    response = write(client, "hola", "es")
    assert response.status_code == 503
    assert not Conversation.objects.exists()


def test_a_copy_that_cannot_be_opened_is_shown_as_such_not_as_an_error(
    client, team_key
):
    start_and_save(client)
    write(client, "first")
    write(client, "second")
    Message.objects.filter(number=1).update(for_visitor=b"damaged")
    response = client.get("/es/messages/")
    assert response.status_code == 200
    page = visible_text(response.content.decode())
    assert "second" in page
    assert "Este mensaje no se puede abrir" in page


def test_one_visitors_reply_marker_never_reaches_another_visitor(
    client, team_key, program
):
    """The header is rendered once per address for everyone, and a step and
    My plan are filled into outlines kept for everyone; the marker is each
    visitor's own and must not travel with them."""
    start_and_save(client)
    write(client, "hello")
    conversations.reply(Conversation.objects.get().id, None, "Hi.", seen_number=1)
    marker = "A counsellor has answered you"
    step = step_path(ordered_steps(program)[1])
    client.cookies.pop("messages", None)  # as a browser does, once it is empty
    for page in ("/en/about/", "/en/glossary/", "/en/plan/", step):
        assert marker in client.get(page).content.decode(), page
        assert marker not in Client().get(page).content.decode(), page
        other = Client()
        start_and_save(other)
        other.cookies.pop("messages", None)
        assert marker not in other.get(page).content.decode(), page
