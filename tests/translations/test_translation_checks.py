"""translate-toolkit's checks on every save and upload: a broken placeholder
or link target is refused (nothing saved, the entry named, the text kept);
softer findings (numbers, length) warn and save."""

import html as html_module
import re

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from modules.translations import checks, store, sync
from tests.helpers import form_data, member_of, sign_in_staff


def translator(name="tiina"):
    return sign_in_staff(Client(), member_of("Translators", username=name))


def content_entry(needle):
    """The first Finnish content entry whose English contains ``needle``."""
    return next(e for e in store.load("fi") if needle in e.msgid and not e.obsolete)


def editor(client, entry, catalogue="content"):
    query = entry.msgctxt if catalogue == "content" else entry.msgid
    url = f"/admin/translations/fi/{catalogue}/?show=all&q={query}"
    return url, form_data(client.get(url).content.decode(), "translation-form")


def text(response):
    return html_module.unescape(response.content.decode())


@pytest.mark.django_db
def test_a_save_with_a_broken_brace_placeholder_is_refused_naming_the_entry(program):
    entry = content_entry("{rating}")
    tiina = translator()
    url, form = editor(tiina, entry)
    broken = "Arviosi on {arvosana}."
    form[f"msgstr::{entry.msgctxt}"] = [broken]
    refused = tiina.post(url, form)
    assert refused.status_code == 400
    page = text(refused)
    assert "Nothing was saved" in page
    assert entry.msgctxt in page  # the entry's context...
    assert entry.msgid[:40] in page  # ...and its English
    assert "its placeholders (such as {name}) differ from the English" in page
    assert "Unknown named placeholders in translation: {arvosana}" in page
    assert f">{broken}</textarea>" in page  # the translator's text stays
    assert content_entry("{rating}").msgstr == entry.msgstr  # nothing saved


@pytest.mark.django_db
def test_nothing_of_a_save_is_kept_when_one_entry_is_refused(program):
    good, bad = content_entry("[My plan](tool:plan)"), content_entry("{rating}")
    with pytest.raises(checks.TranslationRefused):
        sync.save_translations(
            "fi",
            {
                good.msgctxt: (good.msgstr + " Hyvä.", False),
                bad.msgctxt: ("Arvio {arvosana}", False),
            },
        )
    assert content_entry("[My plan](tool:plan)").msgstr == good.msgstr


@pytest.mark.django_db
def test_a_link_whose_tool_target_changed_is_refused(program):
    entry = content_entry("[My plan](tool:plan)")
    broken = entry.msgstr.replace("(tool:plan)", "(tool:suunnitelma)")
    with pytest.raises(checks.TranslationRefused) as refused:
        sync.save_translations("fi", {entry.msgctxt: (broken, False)})
    assert "tool:suunnitelma" in str(refused.value)
    assert entry.msgctxt in str(refused.value)


@pytest.mark.django_db
def test_a_broken_python_format_placeholder_in_the_interface_is_refused(program):
    entry = store.load("fi", "django").find("Choose at most %(limit)s.")
    key = store.form_key("django", entry)
    with pytest.raises(checks.TranslationRefused) as refused:
        sync.save_translations(
            "fi",
            {key: (("Valitse enintään %(raja)s.", "Valitse %(limit)s."), False)},
            domain="django",
        )
    assert "%(raja)s" in str(refused.value)
    assert "Choose at most %(limit)s." in str(refused.value)


@pytest.mark.django_db
def test_a_plural_form_may_leave_the_number_out(program):
    entry = store.load("fi", "django").find("Choose at most %(limit)s.")
    key = store.form_key("django", entry)
    warnings = []
    sync.save_translations(
        "fi",
        {key: (("Valitse yksi.", "Valitse enintään %(limit)s."), False)},
        domain="django",
        warnings=warnings,
    )
    assert store.load("fi", "django").find(entry.msgid).msgstr_plural[0] == (
        "Valitse yksi."
    )


def test_lost_html_tags_in_the_interface_are_refused_but_not_in_content():
    finding = checks.check_text(
        "fi", "django", polib.POEntry(msgid="Read <strong>this</strong>"), "Lue tämä"
    )
    assert [f.check for f in finding if f.refuses] == ["xmltags"]
    content = checks.check_text(
        "fi", "content", polib.POEntry(msgid="Read <strong>this</strong>"), "Lue tämä"
    )
    assert not any(f.refuses for f in content)


@pytest.mark.django_db
def test_other_numbers_warn_but_save(program):
    entry = next(
        e
        for e in store.load("fi")
        if re.search(r"\d", e.msgid) and not re.search(r"[{%]|\]\(", e.msgid)
    )
    tiina = translator()
    url, form = editor(tiina, entry)
    form[f"msgstr::{entry.msgctxt}"] = ["Soita numeroon 987654."]
    response = tiina.post(url, form, follow=True)
    page = text(response)
    assert "Saved 1 translation(s)." in page
    assert "its numbers differ from the English" in page
    assert entry.msgctxt in page
    saved = next(e for e in store.load("fi") if e.msgctxt == entry.msgctxt)
    assert saved.msgstr == "Soita numeroon 987654."


@pytest.mark.django_db
def test_an_upload_with_a_broken_placeholder_is_refused_naming_the_entry(program):
    entry = content_entry("{rating}")
    other = content_entry("[My plan](tool:plan)")
    tiina = translator()
    po = polib.pofile(tiina.get("/admin/translations/fi/download/").content.decode())
    po.find(entry.msgctxt, by="msgctxt").msgstr = "Arviosi on {arvosana}."
    po.find(other.msgctxt, by="msgctxt").msgstr = other.msgstr + " Hyvä."
    response = tiina.post(
        "/admin/translations/fi/content/upload/",
        {"file": SimpleUploadedFile("fi.po", str(po).encode())},
        follow=True,
    )
    page = text(response)
    assert "The file was not used, and nothing was changed" in page
    assert entry.msgctxt in page
    assert entry.msgid[:40] in page
    assert "{arvosana}" in page
    assert content_entry("{rating}").msgstr == entry.msgstr
    assert content_entry("[My plan](tool:plan)").msgstr == other.msgstr
