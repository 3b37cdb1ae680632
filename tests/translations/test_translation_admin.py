"""The translators' side of the admin: edit in the browser, or download the
.po for Poedit and upload it back; a broken or foreign upload changes nothing."""

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from modules.content.models import Step
from modules.translations import files, sync
from tests.helpers import member_of, sign_in_staff, step_path


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
    # Saved to both files, and the .mo is what visitors read.
    assert "Kääntäjän uusi otsikko" in files.po_path("fi").read_text()
    assert files.mo_path("fi").stat().st_size > 0


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
    before = files.po_path("fi").read_bytes()
    response = admin_client.post(
        "/admin/translations/fi/upload/",
        {"file": SimpleUploadedFile("fi.po", upload)},
        follow=True,
    )
    html = response.content.decode()
    assert message in html.replace("&#x27;", "'")
    assert "nothing was changed" in html
    assert files.po_path("fi").read_bytes() == before


@pytest.mark.django_db
def test_po_round_trip_through_download_and_upload(admin_client, program, locale_copy):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    sync.export_all()
    download = admin_client.get("/admin/translations/fi/download/")
    assert download["Content-Disposition"].startswith("attachment")
    po = polib.pofile(b"".join(download.streaming_content).decode())
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
