"""A real Chromium (Debian's), with JavaScript off as in Tor Browser's
"Safest" level, at phone size."""

import re

import pytest
from django.utils import translation

from modules.content.models import Question, Step
from modules.surveys.models import Survey
from tests.helpers import LANGUAGES, REPO, step_path

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fill_step(page, step, marker):
    """Answer a step's form the way a person would, by clicking and typing."""
    for question in step.questions.all():
        name = f"q_{question.key}"
        if question.input == Question.Input.TEXT:
            page.fill(f"textarea[name={name}]", f"{marker} {question.key}")
        elif question.input == Question.Input.RATING:
            page.check(f"#id_{name}_6")
        elif question.input == Question.Input.SINGLE:
            page.locator(f"input[name={name}]").first.check()
        else:
            page.locator(f"input[name={name}]").first.check()


def test_home_in_every_language_menu_and_a_form_without_csrf_failure(
    no_js_page, program
):
    page = no_js_page
    for lang, title in (
        ("en", "A private way to change"),
        ("fi", "Yksityinen tie muutokseen"),
        ("es", None),
    ):
        page.goto(f"{page.base_url}/{lang}/")
        assert page.locator("html").get_attribute("lang") == lang
        if title:
            assert page.locator("h1").inner_text() == title
        assert page.locator("script").count() == 0
    # Follow the language menu from Spanish to Finnish.
    page.goto(f"{page.base_url}/es/privacy/")
    page.click('.language-menu a[hreflang="fi"]')
    page.wait_for_load_state("load")
    assert page.url.endswith("/fi/privacy/")
    assert page.locator("html").get_attribute("lang") == "fi"
    # Submit a real form: the Referrer-Policy still lets the CSRF check pass.
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    page.goto(page.base_url + step_path(step, "fi"))
    fill_step(page, step, "browser")
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("h1").count() == 1
    assert "Lähetä lomake uudelleen" not in page.content()
    assert not page.url.endswith(step_path(step, "fi")), "moved on to the next step"


def test_every_step_kind_at_phone_size_with_prompts_feedback_and_a_printed_plan(
    no_js_page, program, tmp_path
):
    page = no_js_page
    seen_kinds, saw_prompt, saw_feedback = set(), False, False
    steps = list(
        Step.objects.filter(stage__track=program, is_published=True)
        .select_related("stage__track")
        .prefetch_related("questions__choices")
        .order_by("stage__position", "position")
    )
    wanted = {}
    for step in steps:
        wanted.setdefault(step.kind, step)
    # The readiness ruler's prompt and the plan step too.
    wanted["readiness"] = next(s for s in steps if s.slug == "readiness-ruler")
    wanted["plan"] = next(s for s in steps if s.kind == "plan")
    for step in wanted.values():
        page.goto(page.base_url + step_path(step))
        assert page.viewport_size["width"] == 360
        # Nothing is wider than the phone's screen.
        assert page.locator("body").bounding_box()["width"] <= 360
        if step.slug == "readiness-ruler":
            importance = step.questions.get(key="importance")
            low = importance.prompts.filter(rule="at_most").first()
            fill_step(page, step, "phone")
            page.check(f"#id_q_importance_{low.value}")
        else:
            fill_step(page, step, "phone")
        page.click("button[type=submit]")
        page.wait_for_load_state("load")
        assert page.locator("h1").count() == 1
        seen_kinds.add(step.kind)
        if page.locator(".notice--prompt").count():
            saw_prompt = True
        if step.kind == "quiz":
            assert page.locator(".reactions .notice").count() >= 1
            saw_feedback = True
    assert seen_kinds == set(Step.Kind.values)
    assert saw_prompt
    assert saw_feedback

    page.goto(page.base_url + "/en/plan/")
    assert page.locator(".card").count() >= 1
    assert "phone" in page.locator("main").inner_text()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    pdf = tmp_path / "my-plan.pdf"
    page.pdf(path=str(pdf), format="A4")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 1000


def test_save_close_the_browser_and_continue_with_the_code(
    browser, live_server, program
):
    first = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    page = first.new_page()
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    page.goto(live_server.url + step_path(step))
    fill_step(page, step, "remember-me")
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    page.goto(live_server.url + "/en/save/")
    page.click("form button[type=submit]")
    page.wait_for_load_state("load")
    code = page.locator(".save-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    first.close()  # Tor Browser closed: the cookie is gone

    second = browser.new_context(java_script_enabled=False)
    page = second.new_page()
    page.goto(live_server.url + "/fi/continue/")
    page.fill("#id_code", code.lower().replace("-", " "))
    page.click("form button[type=submit]")
    page.wait_for_load_state("load")
    assert page.url.endswith("/fi/program/")
    page.goto(
        live_server.url + f"/fi/program/{program.slug}/{step.stage.slug}/summary/"
    )
    assert "remember-me" in page.locator("main").inner_text()
    # Delete everything: one confirmation, then nothing left.
    page.goto(live_server.url + "/fi/delete/")
    page.click("form button[type=submit]")
    page.wait_for_load_state("load")
    page.goto(
        live_server.url + f"/fi/program/{program.slug}/{step.stage.slug}/summary/"
    )
    assert "remember-me" not in page.locator("main").inner_text()
    second.close()


SCREENSHOTS = REPO / "test-results" / "screenshots"
SIZES = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}


def answer_on_page(page, marker):
    """Fill in whatever the step asks, as a person would, without knowing the program."""
    for box in page.locator("main form textarea").all():
        box.fill(f"{marker} answer")
    groups = []
    for radio in page.locator("main form input[type=radio]").all():
        name = radio.get_attribute("name")
        if name not in groups:
            groups.append(name)
    for name in groups:
        options = page.locator(f"main form input[type=radio][name='{name}']")
        options.nth(min(3, options.count() - 1)).check()
    boxes = page.locator("main form input[type=checkbox]")
    if boxes.count():
        boxes.first.check()


# The walk follows the site's own buttons, which work the same in every
# language: once in the source language on a phone, once in a right-to-left
# language (the mirrored layout) on a desktop. Every language's pages are
# checked in a real browser by the phone, axe and right-to-left tests, and
# walked through with the test client (journey/test_walk_the_track.py).
RIGHT_TO_LEFT = [
    lang for lang in LANGUAGES if translation.get_language_info(lang)["bidi"]
]
WALKS = [(LANGUAGES[0], "phone"), (*(RIGHT_TO_LEFT or LANGUAGES)[:1], "desktop")]


@pytest.mark.parametrize(("lang", "size"), WALKS)
def test_the_whole_main_track_in_a_real_browser(
    browser, live_server, program, lang, size
):
    """Follow the site's own buttons through every step of the main track, with
    JavaScript off, then save with a code, continue in a fresh browser, and
    delete everything. One screenshot of each kind of page. The surveys a
    track offers are walked in tests/surveys/test_browser.py."""
    Survey.objects.all().delete()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(java_script_enabled=False, viewport=SIZES[size])
    page = context.new_page()
    shot_taken = set()

    def shot(kind):
        if kind not in shot_taken:
            shot_taken.add(kind)
            page.screenshot(
                path=str(SCREENSHOTS / f"{size}-{lang}-{kind}.png"), full_page=True
            )

    page.goto(f"{live_server.url}/{lang}/program/{program.slug}/")
    shot("overview")
    page.click("main a.button--primary")
    page.wait_for_load_state("load")
    steps_done = 0
    for _ in range(200):
        # A click returns once the next page starts arriving; wait for all of it.
        page.wait_for_load_state("load")
        if page.locator(".step-form").count():
            kind = page.locator(".step-form").get_attribute("class").split("--")[-1]
            assert page.locator("html").get_attribute("lang") == lang
            answer_on_page(page, f"{lang}-{size}")
            shot(kind)
            page.click(".step-form button[type=submit]")
            page.wait_for_load_state("load")
            steps_done += 1
        elif page.locator(".reactions").count():
            shot("reactions")
            page.click(".reactions a.button--primary")
            page.wait_for_load_state("load")
        elif page.locator("main .step-list").count():
            shot("stage")
            page.click("main a.button--primary")  # Begin this stage
            page.wait_for_load_state("load")
        elif "/summary/" in page.url:
            shot("summary")
            # The summary shows what was written in the stage.
            assert page.locator("main section.card").count() >= 1, page.url
            link = page.locator("main a.button--primary")
            if "/plan/" in link.get_attribute("href"):
                break
            link.click()
        else:
            pytest.fail(
                f"unexpected page {page.url}: {page.title()}: {page.locator('main').inner_text()[:300]}"
            )
    assert steps_done == Step.objects.filter(stage__track=program).count()

    page.click(".button-row a.button--primary")  # See My plan
    page.wait_for_load_state("load")
    assert "/plan/" in page.url
    assert f"{lang}-{size} answer" in page.locator("main").inner_text()
    shot("plan")
    page.goto(f"{live_server.url}/{lang}/progress/")
    # Steps done, and the self-check start and end side by side.
    assert page.locator(".track-progress table.stack-table").count() >= 1
    shot("progress")
    page.goto(f"{live_server.url}/{lang}/diary/")
    page.check("#strength_7")
    page.click("form button[type=submit]")
    page.wait_for_load_state("load")
    page.check("#strength_3")
    page.click("form button[type=submit]")
    page.wait_for_load_state("load")
    shot("diary")
    page.goto(f"{live_server.url}/{lang}/act-now/")
    shot("act-now")

    page.goto(f"{live_server.url}/{lang}/save/")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("load")
    code = page.locator(".save-code").inner_text().strip()
    shot("save")
    context.close()

    fresh = browser.new_context(java_script_enabled=False, viewport=SIZES[size])
    page = fresh.new_page()
    page.goto(f"{live_server.url}/{lang}/continue/")
    page.fill("#id_code", code)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("load")
    page.goto(f"{live_server.url}/{lang}/plan/")
    assert f"{lang}-{size} answer" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/{lang}/delete/")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("load")
    shot("deleted")
    page.goto(f"{live_server.url}/{lang}/plan/")
    assert f"{lang}-{size} answer" not in page.locator("main").inner_text()
    fresh.close()
    assert {
        "overview",
        "reading",
        "reflection",
        "scale",
        "checklist",
        "quiz",
        "balance",
        "plan",
        "summary",
    } <= shot_taken
