"""Every change to a translation is kept with who, when, how, and the text
before and after; the editor shows it and can restore an earlier text, and a
restore goes through the checks and the conflict protection like any save."""

import html as html_module

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from modules.translations import release, store, sync
from modules.translations.models import Revision
from tests.helpers import form_data, member_of, sign_in_staff


def translator(name):
    return sign_in_staff(Client(), member_of("Translators", username=name))


@pytest.fixture
def entry(program):
    """A Finnish content entry without placeholders, links or numbers."""
    return next(
        e
        for e in store.load("fi")
        if e.msgstr
        and not e.obsolete
        and not any(c in e.msgid for c in "{%[0123456789")
        and len(e.msgid) < 200
    )


def current(entry):
    return next(e for e in store.load("fi") if e.msgctxt == entry.msgctxt)


def page(client, entry):
    url = f"/admin/translations/fi/content/?show=all&q={entry.msgctxt}"
    response = client.get(url)
    return url, html_module.unescape(response.content.decode())


def save(client, entry, text):
    url, html = page(client, entry)
    form = form_data(html, "translation-form")
    form[f"msgstr::{entry.msgctxt}"] = [text]
    return client.post(url, form)


@pytest.mark.django_db
def test_each_change_records_who_when_how_and_both_texts(entry):
    anna = translator("anna")
    assert save(anna, entry, "Annan teksti").status_code == 302
    revision = Revision.objects.filter(
        entry__key=store.entry_key("content", entry.msgctxt, "")
    ).first()
    assert revision.user.username == "anna"
    assert revision.how == Revision.How.EDITOR
    assert revision.old_msgstr == entry.msgstr
    assert revision.new_msgstr == "Annan teksti"
    assert revision.changed_at is not None


@pytest.mark.django_db
def test_the_editor_shows_the_history_and_undo_restores_the_earlier_text(entry):
    anna, ben = translator("anna"), translator("ben")
    assert save(anna, entry, "Annan teksti").status_code == 302
    assert save(ben, entry, "Benin teksti").status_code == 302
    url, html = page(anna, entry)
    assert "History (" in html
    assert "anna" in html
    assert "ben" in html
    assert "Annan teksti" in html  # before Ben's change
    ben_change = Revision.objects.filter(new_msgstr="Benin teksti").get()
    form = form_data(html, "translation-form")
    form["restore"] = [str(ben_change.pk)]
    response = anna.post(url, form, follow=True)
    assert "The earlier text is back." in response.content.decode()
    assert current(entry).msgstr == "Annan teksti"
    undo = Revision.objects.filter(how=Revision.How.RESTORE).get()
    assert undo.user.username == "anna"
    assert undo.old_msgstr == "Benin teksti"
    assert undo.new_msgstr == "Annan teksti"


@pytest.mark.django_db
def test_an_undo_from_an_older_page_is_refused_like_any_save(entry):
    anna, ben = translator("anna"), translator("ben")
    assert save(anna, entry, "Annan teksti").status_code == 302
    url, html = page(anna, entry)  # Anna's page offers to undo her change
    assert save(ben, entry, "Benin korjaus").status_code == 302
    form = form_data(html, "translation-form")
    form["restore"] = [str(Revision.objects.get(new_msgstr="Annan teksti").pk)]
    assert anna.post(url, form).status_code == 409
    assert current(entry).msgstr == "Benin korjaus"  # Ben's fix is not lost


@pytest.mark.django_db
def test_an_undo_to_a_text_that_breaks_a_check_is_refused(program):
    entry = next(e for e in store.load("fi") if "{rating}" in e.msgid)
    # A text from before the checks existed, with a broken placeholder.
    with store.editing("fi") as po:
        po.find(entry.msgctxt, by="msgctxt").msgstr = "Arvio {arvosana}"
    sync.save_translations("fi", {entry.msgctxt: ("Arvio {rating}", False)})
    anna = translator("anna")
    url, html = page(anna, entry)
    form = form_data(html, "translation-form")
    form["restore"] = [str(Revision.objects.get(new_msgstr="Arvio {rating}").pk)]
    response = anna.post(url, form)
    assert response.status_code == 400
    assert current(entry).msgstr == "Arvio {rating}"


@pytest.mark.django_db
def test_uploads_and_release_merges_are_recorded_too(entry, locale_copy):
    anna = translator("anna")
    po = polib.pofile(anna.get("/admin/translations/fi/download/").content.decode())
    po.find(entry.msgctxt, by="msgctxt").msgstr = "Ladattu teksti"
    anna.post(
        "/admin/translations/fi/upload/",
        {"file": SimpleUploadedFile("fi.po", str(po).encode())},
    )
    upload = Revision.objects.get(new_msgstr="Ladattu teksti")
    assert upload.how == Revision.How.UPLOAD
    assert upload.user.username == "anna"

    shipped = files_po(locale_copy, "django")
    shipped.find("Leave this site").msgstr = "Julkaisun teksti"
    shipped.save()
    release.merge_release()
    merged = Revision.objects.get(new_msgstr="Julkaisun teksti")
    assert merged.how == Revision.How.RELEASE
    assert merged.user is None
    assert merged.old_msgstr == "Poistu sivustolta"


def files_po(base, domain):
    return polib.pofile(str(base / "fi" / "LC_MESSAGES" / f"{domain}.po"))
