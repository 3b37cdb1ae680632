"""Phones first, in a real Chromium with JavaScript off, at 320x640 and
390x844: no page in any language scrolls sideways, chart labels stay readable
with dates in the page's language, 0-10 scales sit on one or two even rows,
controls are big enough to tap, and both tracks are on the home page's first
screen."""

import pytest
from django.utils.translation import get_language_info

from modules.content.models import Step
from tests.helpers import LANGUAGES, answers_for, help_seeker_urls, step_path

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


# Controls that stand alone; links inside a sentence are exempt (WCAG 2.5.8).
TARGETS = """
  Array.from(document.querySelectorAll(
    'a, button, select, summary, .scale label, input[type=text], textarea'))
  .filter(el => el.offsetParent !== null && !el.closest('p, dd, .prose, td, .visually-hidden'))
  .map(el => {const r = el.getBoundingClientRect();
    return [el.outerHTML.slice(0, 80), Math.round(r.width), Math.round(r.height)]})
  .filter(([html, w, h]) => w < 24 || h < 24)
"""


def give_answers(context, base, program, lang):
    """Self-check at the start and end (two different answers) and two diary
    entries, posted through the browser's own cookies."""
    page = context.new_page()
    page.goto(f"{base}/{lang}/diary/")
    token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    checks = Step.objects.filter(stage__track=program, self_check__in=["start", "end"])
    for rating, step in zip((3, 8), checks.order_by("stage__position"), strict=True):
        data = {**answers_for(step, rating=rating), "csrfmiddlewaretoken": token}
        page.request.post(f"{base}{step_path(step, lang)}", form=data)
        page.request.post(f"{base}{step_path(step, lang)}", form=data)
    for strength in ("4", "7"):
        page.request.post(
            f"{base}/{lang}/diary/",
            form={"strength": strength, "csrfmiddlewaretoken": token},
        )
    page.close()


# Every language on the narrowest phone (what fits 320 px fits wider); on a
# common phone, the source language and the right-to-left ones.
SOURCE_AND_RTL = [
    lang
    for lang in LANGUAGES
    if lang == LANGUAGES[0] or get_language_info(lang)["bidi"]
]
FITS = [(320, 640, LANGUAGES), (390, 844, SOURCE_AND_RTL)]


@pytest.mark.parametrize(("width", "height", "languages"), FITS)
def test_no_page_in_any_language_scrolls_sideways(
    browser, live_server, program, width, height, languages
):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": width, "height": height}
    )
    give_answers(context, live_server.url, program, "fi")
    page = context.new_page()
    wide, small = [], []
    for lang in languages:
        for url in help_seeker_urls(program, lang):
            page.goto(live_server.url + url)
            if page.evaluate("document.documentElement.scrollWidth") > width:
                wide.append(url)
            small += [(url, *t) for t in page.evaluate(TARGETS)]
    assert wide == []
    assert small == [], "\n".join(map(str, small))
    context.close()


def test_charts_scales_and_the_home_page_on_a_phone(browser, live_server, program):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 320, "height": 640}
    )
    give_answers(context, live_server.url, program, "fi")
    page = context.new_page()
    for url in ("/fi/progress/", "/fi/diary/"):
        page.goto(live_server.url + url)
        charts = page.evaluate(
            """Array.from(document.querySelectorAll('svg.chart')).filter(s => s.getBoundingClientRect().width > 0)
            .map(s => {const k = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
              return Array.from(s.querySelectorAll('text')).map(t => [t.textContent, k * parseFloat(t.getAttribute('font-size'))])})"""
        )
        assert charts, url
        for sizes in charts:
            assert all(px >= 12 for _text, px in sizes), sizes
            # Days as Finnish writes them (30.11.), each day named once.
            days = [text for text, _px in sizes if "." in text]
            assert days, sizes
            assert len(days) == len(set(days)), days
    # The self-check, start and end side by side, fits the screen.
    page.goto(live_server.url + "/fi/progress/")
    assert page.locator(".stack-table").count() >= 1
    # A 0-10 scale: one row of eleven, or two even rows (six and five).
    step = Step.objects.filter(stage__track=program, kind="scale").first()
    page.goto(live_server.url + step_path(step, "fi"))
    tops = page.evaluate(
        "Array.from(document.querySelector('.scale').children).map(li => Math.round(li.getBoundingClientRect().top))"
    )
    rows = [tops.count(top) for top in sorted(set(tops))]
    assert rows in ([11], [6, 5]), rows
    context.close()
    # Both tracks on the first screen of the home page of a 390x844 phone.
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    for lang in LANGUAGES:
        page.goto(f"{live_server.url}/{lang}/")
        choices = page.locator(".track-choices a")
        assert choices.count() == 2
        for i in range(2):
            box = choices.nth(i).bounding_box()
            assert box["y"] + box["height"] <= 844, (lang, box)
    context.close()
