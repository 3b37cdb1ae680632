"""Both catalogues in the admin: the interface (Django's gettext domain) is
listed, edited, downloaded and uploaded like the program's content, with
the same protection against lost updates."""

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from modules.translations import store
from tests.helpers import form_data, member_of, sign_in_staff

EDITOR = "/admin/translations/fi/interface/"


def translator(name="tiina"):
    return sign_in_staff(Client(), member_of("Translators", username=name))


def interface_entry(msgid):
    return store.load("fi", "django").find(msgid)


def editor_form(client, query):
    url = f"{EDITOR}?show=all&q={query}"
    response = client.get(url)
    assert response.status_code == 200
    return url, form_data(response.content.decode(), "translation-form")


def key_of(msgid, msgctxt=None):
    return store.entry_key("django", msgctxt, msgid)


@pytest.mark.django_db
def test_the_overview_lists_content_and_interface_for_each_language_with_progress(
    program,
):
    html = translator().get("/admin/translations/").content.decode()
    for lang in ("fi", "es"):
        for catalogue in ("content", "interface"):
            assert f"/admin/translations/{lang}/{catalogue}/?show=missing" in html
            assert f"/admin/translations/{lang}/{catalogue}/download/" in html
            assert f"/admin/translations/{lang}/{catalogue}/upload/" in html
    assert "Interface" in html
    assert "Program content" in html
    assert "<progress" in html


@pytest.mark.django_db
def test_an_interface_string_edited_in_the_admin_shows_on_the_finnish_pages(
    client, program
):
    assert ">Poistu sivustolta</a>" in client.get("/fi/").content.decode()
    tiina = translator()
    url, form = editor_form(tiina, "Leave+this+site")
    key = key_of("Leave this site")
    assert form["context"] == [key] or key in form["context"]
    form[f"msgstr::{key}"] = ["Lähde heti"]
    assert tiina.post(url, form).status_code == 302
    assert interface_entry("Leave this site").msgstr == "Lähde heti"
    assert ">Lähde heti</a>" in client.get("/fi/").content.decode()


@pytest.mark.django_db
def test_a_plural_interface_string_is_edited_one_form_per_box(program):
    msgid = "Unlocked %(count)d account: it can sign in again now."
    tiina = translator()
    url, form = editor_form(tiina, "Unlocked")
    key = key_of(msgid)
    assert form[f"forms::{key}"] == ["2"]  # Finnish has two forms
    form[f"msgstr::{key}::0"] = ["Avattiin %(count)d tili."]
    form[f"msgstr::{key}::1"] = ["Avattiin %(count)d tiliä."]
    assert tiina.post(url, form).status_code == 302
    assert interface_entry(msgid).msgstr_plural == {
        0: "Avattiin %(count)d tili.",
        1: "Avattiin %(count)d tiliä.",
    }


@pytest.mark.django_db
def test_an_interface_save_from_an_older_page_is_refused_and_keeps_the_text(program):
    key = key_of("Leave this site")
    anna, ben = translator("anna"), translator("ben")
    anna_url, anna_form = editor_form(anna, "Leave+this+site")
    ben_url, ben_form = editor_form(ben, "Leave+this+site")
    anna_form[f"msgstr::{key}"] = ["Annan versio"]
    assert anna.post(anna_url, anna_form).status_code == 302
    ben_form[f"msgstr::{key}"] = ["Benin versio"]
    refused = ben.post(ben_url, ben_form)
    assert refused.status_code == 409
    assert ">Benin versio</textarea>" in refused.content.decode()
    assert interface_entry("Leave this site").msgstr == "Annan versio"


@pytest.mark.django_db
def test_the_interface_catalogue_downloads_and_uploads_as_a_po_file(program):
    tiina = translator()
    download = tiina.get("/admin/translations/fi/interface/download/")
    assert download["Content-Disposition"] == 'attachment; filename="interface-fi.po"'
    po = polib.pofile(download.content.decode())
    assert po.find("Leave this site").msgstr == "Poistu sivustolta"
    po.find("Leave this site").msgstr = "Poistu Poeditista"
    response = tiina.post(
        "/admin/translations/fi/interface/upload/",
        {"file": SimpleUploadedFile("fi.po", str(po).encode())},
        follow=True,
    )
    assert "Took 1 translation(s) from the file." in response.content.decode()
    assert interface_entry("Leave this site").msgstr == "Poistu Poeditista"
    # The content catalogue was not touched by an interface upload.
    assert not any(e.msgid == "Leave this site" for e in store.load("fi"))


@pytest.mark.django_db
def test_an_interface_upload_from_an_older_download_keeps_later_fixes(program):
    tiina = translator()
    po = polib.pofile(
        tiina.get("/admin/translations/fi/interface/download/").content.decode()
    )
    with store.editing("fi", "django") as live_po:
        live_po.find("Leave this site").msgstr = "Korjattu sillä välin"
    po.find("Leave this site").msgstr = "Vanhasta tiedostosta"
    response = tiina.post(
        "/admin/translations/fi/interface/upload/",
        {"file": SimpleUploadedFile("fi.po", str(po).encode())},
    )
    assert response.status_code == 409
    assert interface_entry("Leave this site").msgstr == "Korjattu sillä välin"


@pytest.mark.django_db
def test_an_unknown_catalogue_is_not_found(program):
    assert translator().get("/admin/translations/fi/secrets/").status_code == 404


@pytest.mark.django_db
def test_the_editor_shows_the_plural_forms_the_catalogue_was_written_with(
    program,
):
    """CLDR now gives Spanish a third form (for millions); the Spanish
    catalogue says two, and its entries have two: the editor shows two boxes,
    labelled by the catalogue's own rule, and saving them changes nothing."""
    msgid = "Unlocked %(count)d account: it can sign in again now."
    client = translator()
    url = "/admin/translations/es/interface/?show=all&q=Unlocked"
    page = client.get(url).content.decode()
    form = form_data(page, "translation-form")
    key = key_of(msgid)
    assert form[f"forms::{key}"] == ["2"]
    assert "Form for 1…" in page
    assert "Form for 0, 2, 3, 4…" in page
    before = store.load("es", "django").version
    response = client.post(url, form, follow=True)
    assert "Saved 0 translation(s)." in response.content.decode()
    assert store.load("es", "django").version == before
    # Downloaded, the header still says two forms: msgfmt and Poedit agree.
    download = client.get("/admin/translations/es/interface/download/")
    assert "nplurals=2;" in download.content.decode()
