"""End to end in a real Chromium: the visitor (JavaScript off) saves and
writes; a counsellor opens the inbox, claims and replies; the visitor comes
back with their code in a fresh browser, reads the reply, and deletes
everything."""

import pytest
from django.conf import settings
from django.test import Client

from modules.messaging.models import Conversation, Message
from tests.helpers import sign_in_staff
from tests.messaging.conftest import PASSPHRASE, make_counsellor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORDS = "Some days the urge is very strong and I do not know what to do."
REPLY = "Thank you for telling us. It sounds like you want this to change."


def go(page, target):
    """Click a link or a button (a selector or a locator) and wait until the
    next page has loaded."""
    (page.locator(target) if isinstance(target, str) else target).click()
    page.wait_for_load_state("load")


def visitor_page(browser, live_server):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.base_url = live_server.url
    return context, page


def test_a_visitor_and_a_counsellor_write_to_each_other(
    browser, live_server, team_key, service
):
    # The visitor saves from the messages page, writes, and leaves.
    context, page = visitor_page(browser, live_server)
    page.goto(f"{page.base_url}/en/")
    go(page, ".main-nav >> text=Message a counsellor")
    assert "not an emergency service" in page.content()
    go(page, "button:has-text('Save and show my code')")
    code = page.locator(".save-code").inner_text()
    go(page, "text=I have written it down: write my message")
    page.fill("textarea[name=text]", WORDS)
    go(page, "button:has-text('Send')")
    assert WORDS in page.locator(".conversation").inner_text()
    assert page.locator("script").count() == 0
    context.close()  # Tor Browser closed: the cookie is gone

    # A counsellor opens the inbox with the passphrase, claims and replies.
    staff = sign_in_staff(Client(), make_counsellor("aino", "Aino"))
    admin = browser.new_context()
    admin.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": staff.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    desk = admin.new_page()
    desk.goto(f"{live_server.url}/admin/messaging/conversation/")
    assert WORDS not in desk.content()
    desk.fill("input[name=passphrase]", PASSPHRASE)
    go(desk, "button:has-text('Open the inbox')")
    go(desk, "table.messaging-inbox a")
    assert WORDS in desk.content()
    go(desk, "button:has-text('Claim this conversation')")
    desk.fill("textarea[name=text]", REPLY)
    go(desk, "button:has-text('Send the reply')")
    assert "Your reply is sent." in desk.content()
    admin.close()

    # The visitor comes back with the code, in a fresh browser.
    context, page = visitor_page(browser, live_server)
    page.goto(f"{page.base_url}/en/continue/")
    page.fill("input[name=code]", code)
    go(page, "button[type=submit]")
    go(page, ".main-nav >> text=My plan")
    marker = page.locator(".reply-marker")
    assert "A counsellor has answered you" in marker.inner_text()
    go(page, marker.locator("a"))
    conversation = page.locator(".conversation").inner_text()
    assert WORDS in conversation
    assert REPLY in conversation
    assert "Aino" in conversation
    assert page.locator(".reply-marker").count() == 0

    # "Delete everything now" removes the conversation too.
    page.goto(f"{page.base_url}/en/delete/")
    go(page, "button:has-text('Yes, delete everything')")
    assert not Conversation.objects.exists()
    assert not Message.objects.exists()
    context.close()
