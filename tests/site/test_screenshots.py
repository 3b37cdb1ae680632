"""The screenshots in docs/images/, retaken with `make screenshots`: the home
page, a step, the helplines and My plan, at 390 px with JavaScript off.

Skipped in the normal test run (it writes into the repository); the Makefile
target sets SELFHELP_SCREENSHOTS=1."""

import os

import pytest

from modules.content.models import Step
from tests.helpers import REPO, step_path

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not os.environ.get("SELFHELP_SCREENSHOTS"),
        reason="writes docs/images/; run with `make screenshots`",
    ),
]

OUT = REPO / "docs" / "images"


def test_take_the_screenshots(browser, live_server, program):
    OUT.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    base = live_server.url
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    plan_step = Step.objects.filter(stage__track=program, kind="plan").last()
    # A plan with a few lines in it, written the way a visitor would.
    page.goto(base + step_path(plan_step))
    for i, area in enumerate(page.locator("#answers textarea").all()[:4]):
        area.fill(f"First thing I will do ({i + 1})\nSecond thing\nThird thing")
    page.click("#answers button[type=submit]")
    page.wait_for_load_state("load")
    page.goto(f"{base}/en/plan/?edit=helpline")
    page.select_option("#id_helpline", "stop-it-now-uk")
    page.click("#plan-helpline button[type=submit]")
    page.wait_for_load_state("load")
    for name, url, full in (
        ("home", "/en/", False),
        ("step", step_path(step), False),
        ("helplines", "/fi/help/", True),
        ("plan", "/en/plan/", True),
    ):
        page.goto(base + url)
        page.screenshot(path=str(OUT / f"{name}-390.png"), full_page=full)
    context.close()
