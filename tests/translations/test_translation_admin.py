"""The translators' side of the admin: edit in the browser, or download the
.po for Poedit and upload it back; a broken or foreign upload changes nothing."""

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from modules.content.models import Step
from modules.translations import files, store, sync, uploads
from tests.helpers import member_of, po_entry, sign_in_staff, step_path


@pytest.mark.django_db
def test_translator_edit_in_admin_shows_on_the_finnish_page_at_once(
    client, program, locale_copy
):
    sign_in_staff(client, member_of("Translators"))
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    sync.export_all()
    page = client.get(
        "/admin/translations/fi/?show=all&q=" + step.title.replace(" ", "+")
    )
    assert page.status_code == 200
    context = step.translation_context("title")
    response = client.post(
        "/admin/translations/fi/?show=all",
        {"context": [context], f"msgstr::{context}": "Kääntäjän uusi otsikko"},
    )
    assert response.status_code == 302
    assert (
        "<h1>Kääntäjän uusi otsikko</h1>"
        in client.get(step_path(step, "fi")).content.decode()
    )
    # Saved in the live catalogue, compiled into this server's .mo.
    assert po_entry("fi", step, "title").msgstr == "Kääntäjän uusi otsikko"
    assert "Kääntäjän uusi otsikko".encode() in files.mo_path("fi").read_bytes()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            b'msgid "unterminated\n\nthis is not a po file',
            "could not be read as a .po file",
        ),
        (
            b'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
            "is for the language 'es', not 'fi'",
        ),
        (
            b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "x"\nmsgstr "y"\n',
            "does not say which language",
        ),
        (b"\xff\xfe\x00binary", "not a UTF-8 text file"),
    ],
)
def test_uploaded_broken_or_foreign_po_is_refused_and_changes_nothing(
    admin_client, program, locale_copy, upload, message
):
    sync.export_all()
    before = files.po_bytes(store.load("fi"))
    response = admin_client.post(
        "/admin/translations/fi/upload/",
        {"file": SimpleUploadedFile("fi.po", upload)},
        follow=True,
    )
    html = response.content.decode()
    assert message in html.replace("&#x27;", "'")
    assert "nothing was changed" in html
    assert files.po_bytes(store.load("fi")) == before


@pytest.mark.django_db
def test_po_round_trip_through_download_and_upload(admin_client, program, locale_copy):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    sync.export_all()
    download = admin_client.get("/admin/translations/fi/download/")
    assert download["Content-Disposition"].startswith("attachment")
    po = polib.pofile(download.content.decode())
    for item in po:
        if item.msgctxt == step.translation_context("title"):
            item.msgstr = "Poeditissa käännetty"
            item.flags = [f for f in item.flags if f != "fuzzy"]
    response = admin_client.post(
        "/admin/translations/fi/upload/",
        {"file": SimpleUploadedFile("fi.po", str(po).encode())},
        follow=True,
    )
    assert "Took" in response.content.decode()
    assert (
        "Poeditissa käännetty"
        in admin_client.get(step_path(step, "fi")).content.decode()
    )


@pytest.mark.django_db
def test_an_upload_naming_a_file_on_the_server_never_opens_it(
    admin_client, program, locale_copy, tmp_path
):
    """polib treats a string that names an existing file as that file's path:
    an upload whose content is a path must be read as text, never opened."""
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    sync.export_all()
    po = store.load("fi")
    for item in po:
        if item.msgctxt == step.translation_context("title"):
            item.msgstr = "Palvelimen tiedostosta"
    elsewhere = tmp_path / "elsewhere.po"
    po.save(str(elsewhere))
    before = files.po_bytes(store.load("fi"))
    response = admin_client.post(
        "/admin/translations/fi/upload/",
        {"file": SimpleUploadedFile("fi.po", str(elsewhere).encode())},
        follow=True,
    )
    html = response.content.decode()
    assert "could not be read as a .po file" in html
    assert "nothing was changed" in html
    assert str(tmp_path) not in html
    assert files.po_bytes(store.load("fi")) == before
    with pytest.raises(uploads.CatalogueUploadError):
        uploads.import_catalogue("fi", str(elsewhere).encode())
