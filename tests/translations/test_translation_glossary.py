"""Each language's key terms (docs/terminology/<lang>.md) beside the entry
being edited: the terms whose English is in the entry's English."""

import pytest
from django.test import Client

from modules.translations import glossary, store
from tests.helpers import member_of, sign_in_staff


def test_the_finnish_terminology_table_is_read():
    terms = {t.english: t for t in glossary.terms("fi")}
    assert terms["urge"].translation == "mielihalu"
    assert "Not himo" in terms["urge"].notes


def test_terms_are_found_whole_words_and_any_case():
    found = [t.english for t in glossary.terms_for("fi", "When the URGE rises")]
    assert "urge" in found
    assert "urge" not in [t.english for t in glossary.terms_for("fi", "Urgent")]
    csam = [t.english for t in glossary.terms_for("fi", "people who view CSAM")]
    assert "people who view CSAM" in csam


def test_a_language_without_a_terminology_file_has_no_glossary():
    assert glossary.terms("xx") == ()
    assert glossary.terms("../fi") == ()
    assert glossary.terms_for("xx", "urge") == []


@pytest.mark.django_db
def test_the_editor_shows_the_key_terms_beside_the_entry(program):
    entry = next(
        e for e in store.load("fi") if " urge " in e.msgid and len(e.msgid) < 400
    )
    client = sign_in_staff(Client(), member_of("Translators"))
    url = f"/admin/translations/fi/content/?show=all&q={entry.msgctxt}"
    html = client.get(url).content.decode()
    assert 'class="translation-terms"' in html
    assert "mielihalu" in html
    assert "Not himo" in html  # the note


@pytest.mark.django_db
def test_the_editor_shows_no_glossary_where_there_is_none(
    program, monkeypatch, tmp_path
):
    monkeypatch.setattr(glossary, "terminology_dir", lambda: tmp_path)
    entry = next(e for e in store.load("fi") if " urge " in e.msgid)
    client = sign_in_staff(Client(), member_of("Translators"))
    url = f"/admin/translations/fi/content/?show=all&q={entry.msgctxt}"
    response = client.get(url)
    assert response.status_code == 200
    assert 'class="translation-terms"' not in response.content.decode()
