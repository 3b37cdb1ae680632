"""A returning visitor's step page and My plan, filled into the outline kept
for everyone, are the pages the templates would have rendered for them:
their own answers, ticks, progress, plan and helpline, and nothing of anyone
else's in what is kept."""

import re

import pytest
from django.test import Client
from django.test.signals import template_rendered

from modules.content import cache, selectors
from modules.journey.first_visit import TOKEN_IN_FORM
from tests.helpers import DISTINCTIVE, answers_for, ordered_steps, step_path
from tests.translations.test_interface_catalogue import editor_form, key_of, translator

pytestmark = pytest.mark.django_db

MAIN = re.compile(r"<main.*</main>", re.S)


def main_part(response):
    """The page's main part, the form's token blanked (it differs per request)."""
    assert response.status_code == 200
    main = MAIN.search(response.content.decode()).group(0)
    return TOKEN_IN_FORM.sub(r"\1-\3", main)


def rendered_in_full(client, url):
    """The same page rendered through the template for this visitor: a query
    string keeps any request from the outline."""
    return main_part(client.get(f"{url}?full=1"))


def answered_half(program, marker, lang):
    """A visitor who answered every other step of the track (so that some
    pages they open are done and some are not), in ``lang``."""
    visitor = Client()
    steps = ordered_steps(program)
    for step in steps[::2]:
        response = visitor.post(step_path(step, lang), answers_for(step, marker, 3))
        assert response.status_code == 302
    return visitor, steps


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_step_from_the_outline_is_the_page_rendered_in_full(program, lang):
    cache.clear()
    first, steps = answered_half(program, "first", lang)
    second, _ = answered_half(program, "second", lang)
    if lang != "en":
        # Every step in English; elsewhere one of each kind, done and not.
        steps = list({(s.kind, i % 2): s for i, s in enumerate(steps)}.values())
    for step in steps:
        url = step_path(step, lang)
        # The first visitor's visit makes the outline; the second is served it.
        assert main_part(first.get(url)) == rendered_in_full(first, url), url
        assert main_part(second.get(url)) == rendered_in_full(second, url), url


def test_the_page_shows_the_visitors_answers_ticks_progress_and_done_note(program):
    visitor, steps = answered_half(program, "mine", "en")
    done = next(s for s in steps[::2] if s.questions.exists())
    page = main_part(visitor.get(step_path(done)))
    assert page == main_part(visitor.get(step_path(done)))  # from the outline now
    for name, value in answers_for(done, "mine", 3).items():
        for one in value if isinstance(value, list) else [value]:
            if one.startswith("Zebrafinch"):
                assert one in page
            else:
                assert re.search(rf'name="{name}" value="{one}" checked', page), one
    answered = len(steps[::2])
    assert f'value="{answered}"' in page
    assert "You have answered this step before" in page
    not_done = next(s for s in steps[1::2] if s.questions.exists())
    other = main_part(visitor.get(step_path(not_done)))
    assert "You have answered this step before" not in other
    assert " checked" not in other
    assert "Zebrafinch" not in other


def test_a_returning_visitors_step_is_not_rendered_again_and_keeps_nothing_of_them(
    program,
):
    cache.clear()
    visitor, steps = answered_half(program, "kept", "en")
    url = step_path(
        next(s for s in steps[::2] if s.questions.filter(input="text").exists())
    )
    visitor.get(url)
    rendered = []

    def count(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(count)
    try:
        again = visitor.get(url)
    finally:
        template_rendered.disconnect(count)
    assert again.status_code == 200
    assert rendered == []
    marker = DISTINCTIVE.format("kept")
    assert marker in again.content.decode()
    kept = repr(list(cache._entries.values()))
    assert marker not in kept


def test_my_plan_from_the_outline_is_the_page_rendered_in_full(program):
    cache.clear()
    first, _ = answered_half(program, "first", "en")
    second, _ = answered_half(program, "second", "en")
    helpline = selectors.helpline_sections("en", kinds={"crisis"})[0]["helplines"][0]
    assert second.post("/en/plan/", {"helpline": helpline.slug}).status_code == 302
    newcomer = Client()
    newcomer.post("/en/diary/", {"strength": "4", "situation": ""})
    for visitor in (first, second, newcomer):
        for lang in ("en", "ar"):
            url = f"/{lang}/plan/"
            assert main_part(visitor.get(url)) == rendered_in_full(visitor, url)
    rendered = []

    def count(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(count)
    try:
        mine = main_part(second.get("/en/plan/"))
    finally:
        template_rendered.disconnect(count)
    # Only the visitor's own part is rendered; the page around it is kept.
    assert rendered == ["journey/plan_sections.html"]
    assert helpline.name in mine
    assert DISTINCTIVE.format("second") in mine
    assert DISTINCTIVE.format("first") not in mine
    kept = repr(list(cache._entries.values()))
    assert DISTINCTIVE.format("first") not in kept
    assert DISTINCTIVE.format("second") not in kept


def test_a_translators_edit_shows_at_once_on_pages_filled_into_outlines(program):
    """The outlines are kept with the catalogues' stamps: an interface string
    changed in the admin reaches a returning visitor's step and My plan on
    their next visit, in the step's form and in a plan section's frame."""
    visitor = Client()
    assert visitor.post("/fi/diary/", {"strength": "4"}).status_code == 302
    step = next(s for s in ordered_steps(program) if s.questions.exists())
    pages = {
        "Save and continue": step_path(step, "fi"),
        "Nothing here yet.": "/fi/plan/",
    }
    for url in pages.values():
        assert visitor.get(url).status_code == 200  # its outline is kept now
    tiina = translator()
    for msgid, url in pages.items():
        editor, form = editor_form(tiina, msgid.replace(" ", "+"))
        form[f"msgstr::{key_of(msgid)}"] = [f"Uusi: {msgid}"]
        assert tiina.post(editor, form).status_code == 302
        assert f"Uusi: {msgid}" in visitor.get(url).content.decode(), url
