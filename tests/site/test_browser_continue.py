"""Continuing with a code in a real Chromium with JavaScript off: a browser
that already has answers is asked before anything is replaced."""

import pytest

from modules.content.models import Step
from tests.helpers import step_path

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def answer(page, base, step, text):
    page.goto(base + step_path(step))
    page.fill(f"textarea[name=q_{step.questions.first().key}]", text)
    page.click("#answers button[type=submit]")
    page.wait_for_load_state("load")


def test_continuing_with_a_code_asks_before_replacing_answers(
    browser, live_server, program
):
    base = live_server.url
    first, second = Step.objects.filter(stage__track=program, kind="reflection")[:2]
    saved = browser.new_context(java_script_enabled=False)
    page = saved.new_page()
    answer(page, base, first, "from-the-saved-journal")
    page.goto(f"{base}/en/save/")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("load")
    code = page.locator(".save-code").inner_text().strip()
    page.reload()  # the form is sent again: the same code, not a new one
    assert page.locator(".save-code").inner_text().strip() == code
    saved.close()

    here = browser.new_context(
        java_script_enabled=False, viewport={"width": 320, "height": 640}
    )
    page = here.new_page()
    answer(page, base, second, "written-in-this-browser")
    page.goto(f"{base}/en/continue/")
    page.fill("#id_code", code)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("load")
    # Asked, with the code kept in the field: nothing replaced yet.
    assert page.locator("input[name=choice]").count() == 3
    assert page.input_value("#id_code") == code
    page.check("#choice-merge")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("load")
    assert page.url.endswith("/en/program/")
    for step, text in (
        (first, "from-the-saved-journal"),
        (second, "written-in-this-browser"),
    ):
        page.goto(base + step_path(step))
        assert text in page.locator("main").inner_html()
    here.close()
