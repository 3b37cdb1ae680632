"""The survey pages are accessible and valid HTML in every language, and
fit the narrowest phone, as every other help-seeker page."""

import pytest
from django.core.management import call_command
from django.test import Client

from modules.translations import live
from tests.helpers import LANGUAGES, TRANSLATED, every_language_in_turn, require_tool
from tests.site.test_accessibility import AXE, VNU, WCAG, validate_with_vnu


def survey_pages(program, lang):
    """The survey pages a visitor meets, and the track pages that offer one."""
    last = program.stages.order_by("position").last()
    return [
        f"/{lang}/survey/first-contact/",
        f"/{lang}/survey/end-of-program/",
        f"/{lang}/survey/first-contact/thanks/",
        f"/{lang}/survey/help-seeking/in-program/",
        f"/{lang}/program/{program.slug}/",
        f"/{lang}/program/{program.slug}/{last.slug}/summary/",
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_axe_finds_no_violations_on_the_survey_pages(browser, live_server, program):
    require_tool(AXE.exists(), "axe-core (npm install)")
    call_command("loadsurveys", verbosity=0)
    call_command("mergecatalogues", verbosity=0)  # as make setup does after loading
    live.expire()
    context = browser.new_context(
        bypass_csp=True,
        java_script_enabled=True,
        viewport={"width": 1280, "height": 800},
    )
    page = context.new_page()
    failures = {}
    for _lang, url in every_language_in_turn(lambda lang: survey_pages(program, lang)):
        page.goto(live_server.url + url)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async (tags) => await axe.run(document, "
            "{runOnly: {type: 'tag', values: tags}})",
            WCAG,
        )
        if result["violations"]:
            failures[url] = [v["id"] for v in result["violations"]]
    context.close()
    assert failures == {}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_survey_pages_fit_the_narrowest_phone(browser, live_server, program):
    call_command("loadsurveys", verbosity=0)
    call_command("mergecatalogues", verbosity=0)  # as make setup does after loading
    live.expire()
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 320, "height": 800}
    )
    page = context.new_page()
    wide = []
    for lang in TRANSLATED:
        for url in survey_pages(program, lang):
            page.goto(live_server.url + url)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth"
                " - document.documentElement.clientWidth"
            )
            if overflow > 0:
                wide.append((url, overflow))
    context.close()
    assert wide == []


def test_the_survey_pages_are_valid_html(surveys, program, tmp_path):
    require_tool(VNU.exists(), "the Nu HTML Checker (npm install; java)")
    client = Client()
    files = []
    for lang in LANGUAGES:
        for url in survey_pages(program, lang):
            path = tmp_path / f"{len(files):03d}.html"
            path.write_bytes(client.get(url).content)
            files.append((path, url))
        response = client.post(
            f"/{lang}/survey/first-contact/",
            {"q_feelings": ["worried", "__declined__"], "q_frequency": "often"},
        )
        assert response.status_code == 400
        path = tmp_path / f"errors-{lang}.html"
        path.write_bytes(response.content)
        files.append((path, f"{lang} survey with errors"))
    errors = validate_with_vnu(tmp_path, files)
    assert errors == [], "\n".join(f"{url}: {message}" for url, message in errors)
