"""The catalogues shipped with the default program: complete, nothing needing
review, covering every text, and really translated (no English paragraph
repeated on a page in another language)."""

import re

import polib
import pytest
from django.core.management import call_command

from modules.content.models import Page, Step
from modules.translations import sync
from tests.helpers import REPO, TRANSLATED, step_path


def prose_paragraphs(html):
    """Paragraphs and list items of the clinician-written text on a page."""
    blocks = re.findall(
        r'<div class="prose">(.*?)</div>\s*(?:<form|<section|<div class="button-row"|$)',
        html,
        re.S,
    )
    text = " ".join(blocks)
    items = re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", text, re.S)
    result = []
    for item in items:
        plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
        if (
            len(re.findall(r"[^\W\d_]{3,}", plain)) >= 3
        ):  # real sentences, not a number or a name
            result.append(plain)
    return result


def test_every_catalogue_is_complete_with_no_fuzzy_entry():
    # Every configured language: one that ships no catalogue fails here.
    for lang in TRANSLATED:
        for domain in ("django", "content"):
            po = polib.pofile(
                str(REPO / "locale" / lang / "LC_MESSAGES" / f"{domain}.po")
            )
            active = [e for e in po if not e.obsolete]
            assert active, (lang, domain)
            assert [
                e.msgid[:60]
                for e in active
                if not (e.msgstr or any(e.msgstr_plural.values()))
            ] == [], (lang, domain)
            assert [e.msgid[:60] for e in active if e.fuzzy] == [], (lang, domain)
            for entry in active:
                assert entry.msgid.count("{rating}") == entry.msgstr.count(
                    "{rating}"
                ), entry.msgctxt


@pytest.mark.django_db
def test_catalogues_cover_everything_in_the_default_program(
    program_loaded, locale_copy
):
    # The default surveys ship with the program (`make setup` loads both).
    call_command("loadsurveys", verbosity=0)
    counts = sync.export_all()
    for lang, changes in counts.items():
        assert changes == {"new": 0, "changed": 0, "obsolete": 0}, lang


@pytest.mark.django_db
def test_no_translated_page_repeats_an_english_paragraph(client, program_loaded):
    pages = [
        step_path(step, "{lang}")
        for step in Step.objects.select_related("stage__track")
    ]
    pages += [f"/{{lang}}/pages/{page.slug}/" for page in Page.objects.all()]
    checked = 0
    for template in pages:
        english = set(
            prose_paragraphs(client.get(template.format(lang="en")).content.decode())
        )
        for lang in TRANSLATED:
            translated = set(
                prose_paragraphs(
                    client.get(template.format(lang=lang)).content.decode()
                )
            )
            same = english & translated
            assert not same, (template.format(lang=lang), same)
        checked += len(english)
    assert checked > 200
