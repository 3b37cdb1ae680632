"""Two translators, one translation: a save or an upload made from an older
version never silently replaces what someone saved since. The older save is
refused with both versions shown and the translator's text kept; an upload
is merged against the version it was downloaded from."""

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from modules.content.models import Step
from modules.translations import sync
from modules.translations.uploads import VERSION_HEADER
from tests.helpers import form_data, member_of, po_entry, sign_in_staff, step_path


def translator(name):
    return sign_in_staff(Client(), member_of("Translators", username=name))


def editor_form(client, step):
    """The editor's form for the page listing ``step``'s entries."""
    url = f"/admin/translations/fi/?show=all&q={step.slug}"
    html = client.get(url).content.decode()
    return url, form_data(html, "translation-form")


@pytest.fixture
def steps(program):
    found = list(Step.objects.filter(stage__track=program, kind="reading")[:2])
    for step in found:
        sync.export_all()
        sync.save_translations(
            "fi", {step.translation_context("title"): ("Alku", False)}
        )
    return found


@pytest.mark.django_db
def test_a_save_from_an_older_page_is_refused_with_both_versions_and_the_text_kept(
    steps,
):
    step = steps[0]
    context = step.translation_context("title")
    anna, ben = translator("anna"), translator("ben")
    anna_url, anna_form = editor_form(anna, step)
    ben_url, ben_form = editor_form(ben, step)

    anna_form[f"msgstr::{context}"] = ["Annan otsikko"]
    assert anna.post(anna_url, anna_form).status_code == 302

    ben_form[f"msgstr::{context}"] = ["Benin otsikko"]
    refused = ben.post(ben_url, ben_form)
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Nothing was saved" in html
    assert "Saved by someone else after you opened this page" in html
    assert "Annan otsikko" in html  # theirs, shown
    assert ">Benin otsikko</textarea>" in html  # his, kept in the box
    assert po_entry("fi", step, "title").msgstr == "Annan otsikko"
    assert "<h1>Annan otsikko</h1>" in ben.get(step_path(step, "fi")).content.decode()

    # Having seen Anna's version, Ben saves again: now his replaces it.
    again = form_data(html, "translation-form")
    assert ben.post(ben_url, again).status_code == 302
    assert po_entry("fi", step, "title").msgstr == "Benin otsikko"


@pytest.mark.django_db
def test_an_older_page_saves_what_was_changed_on_it_and_keeps_the_rest(steps):
    first, second = steps
    anna, ben = translator("anna"), translator("ben")
    # Ben opens a page with both entries; Anna then changes the first.
    url = "/admin/translations/fi/?show=all&q=Alku"
    ben_form = form_data(ben.get(url).content.decode(), "translation-form")
    sync.save_translations(
        "fi", {first.translation_context("title"): ("Annan korjaus", False)}
    )
    # Ben changes only the second: saved, and Anna's change stays.
    ben_form[f"msgstr::{second.translation_context('title')}"] = ["Benin otsikko"]
    assert ben.post(url, ben_form).status_code == 302
    assert po_entry("fi", first, "title").msgstr == "Annan korjaus"
    assert po_entry("fi", second, "title").msgstr == "Benin otsikko"
    assert anna.get(step_path(first, "fi")).status_code == 200


def download(client):
    response = client.get("/admin/translations/fi/download/")
    po = polib.pofile(response.content.decode())
    assert po.metadata[VERSION_HEADER].isdigit()
    return po


def upload(client, po):
    return client.post(
        "/admin/translations/fi/upload/",
        {"file": SimpleUploadedFile("fi.po", str(po).encode())},
        follow=True,
    )


def set_msgstr(po, step, text):
    po.find(step.translation_context("title"), by="msgctxt").msgstr = text


@pytest.mark.django_db
def test_an_upload_is_merged_against_the_version_it_was_downloaded_from(steps):
    first, second = steps
    anna, ben = translator("anna"), translator("ben")
    file = download(ben)
    # While Ben works in Poedit, Anna corrects the first title in the admin.
    sync.save_translations(
        "fi", {first.translation_context("title"): ("Annan korjaus", False)}
    )
    # Ben changed only the second title: his change comes in, Anna's stays.
    set_msgstr(file, second, "Benin otsikko")
    response = upload(ben, file)
    assert "Took 1 translation(s) from the file." in response.content.decode()
    assert po_entry("fi", first, "title").msgstr == "Annan korjaus"
    assert po_entry("fi", second, "title").msgstr == "Benin otsikko"
    assert "<h1>Annan korjaus</h1>" in anna.get(step_path(first, "fi")).content.decode()


@pytest.mark.django_db
def test_an_upload_changing_what_was_changed_since_is_refused_with_the_conflicts(
    steps,
):
    first, second = steps
    ben = translator("ben")
    file = download(ben)
    sync.save_translations(
        "fi", {first.translation_context("title"): ("Annan korjaus", False)}
    )
    set_msgstr(file, first, "Benin versio")
    set_msgstr(file, second, "Benin toinen")
    response = upload(ben, file)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Nothing was changed" in html
    assert "Annan korjaus" in html  # on the site now
    assert "Benin versio" in html  # in the file
    assert "Benin toinen" not in html  # no conflict there, but nothing taken
    assert po_entry("fi", first, "title").msgstr == "Annan korjaus"
    assert po_entry("fi", second, "title").msgstr == "Alku"


@pytest.mark.django_db
def test_a_file_of_unknown_origin_fills_gaps_but_replaces_nothing(steps):
    first, second = steps
    gap = second.translation_context("body")
    sync.save_translations("fi", {gap: ("", False)})
    ben = translator("ben")
    file = download(ben)
    del file.metadata[VERSION_HEADER]
    # Its links keep their targets (a link to nowhere would be refused).
    missing = file.find(gap, by="msgctxt")
    missing.msgstr = "Puuttui ennen. " + missing.msgid
    set_msgstr(file, first, "Toinen käännös")
    assert upload(ben, file).status_code == 409
    set_msgstr(file, first, "Alku")
    assert "Took 1 translation(s)" in upload(ben, file).content.decode()
    assert po_entry("fi", second, "body").msgstr.startswith("Puuttui ennen. ")
    assert po_entry("fi", first, "title").msgstr == "Alku"
