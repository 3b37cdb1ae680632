"""content.po follows the English text: a changed text needs review, a new one
is missing, a removed one becomes obsolete; and a save is all or nothing."""

import pytest

from modules.content.models import Step
from modules.translations import store, sync
from modules.translations.models import EntryChange
from tests.helpers import fi_translate, form_data, po_entry, step_path


@pytest.mark.django_db
def test_clinician_changes_english_text_and_finnish_becomes_needs_review(
    admin_client, program, locale_copy, django_capture_on_commit_callbacks
):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    fi_translate(step, "body", "Vanha suomenkielinen teksti.")
    old_english = step.body

    url = f"/admin/content/step/{step.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "script-src 'self'" in page["Content-Security-Policy"]
    data = form_data(page.content.decode(), "step_form")
    data["body"] = ["A completely rewritten English text."]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    fuzzy = po_entry("fi", step, "body")
    assert fuzzy.fuzzy
    assert fuzzy.msgid == "A completely rewritten English text."
    assert fuzzy.previous_msgid == old_english
    assert fuzzy.msgstr == "Vanha suomenkielinen teksti."
    # Finnish visitors keep the old translation until it is reviewed...
    assert (
        "Vanha suomenkielinen teksti."
        in admin_client.get(step_path(step, "fi")).content.decode()
    )
    # ...and translators see it as needing review.
    overview = admin_client.get("/admin/translations/").content.decode()
    assert '?show=review">1</a>' in overview
    review = admin_client.get("/admin/translations/fi/?show=review").content.decode()
    assert "A completely rewritten English text." in review
    assert "Vanha suomenkielinen teksti." in review


@pytest.mark.django_db
def test_new_step_is_missing_and_shown_in_english_with_its_lang(
    admin_client, program, locale_copy, django_capture_on_commit_callbacks
):
    stage = program.stages.first()
    data = form_data(
        admin_client.get("/admin/content/step/add/").content.decode(), "step_form"
    )
    data.update(
        stage=[str(stage.pk)],
        title=["A brand new step"],
        slug=["brand-new"],
        kind=["reading"],
        body=["Fresh words for everyone."],
        is_published=["on"],
        position=["99"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/content/step/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    step = Step.objects.get(slug="brand-new")
    new = po_entry("fi", step, "body")
    assert new.msgstr == ""
    assert not new.fuzzy
    assert "(body)" in new.comment
    assert "brand-new" in new.comment
    missing = admin_client.get(
        "/admin/translations/fi/?show=missing&q=Fresh+words"
    ).content.decode()
    assert "Fresh words for everyone." in missing
    html = admin_client.get(step_path(step, "fi")).content.decode()
    assert '<div lang="en"><p>Fresh words for everyone.</p>\n</div>' in html
    assert '<span lang="en">A brand new step</span>' in html


@pytest.mark.django_db
def test_export_marks_removed_text_obsolete_and_reuses_identical_translations(
    program, locale_copy
):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    fi_translate(step, "title", "Käännös")
    twin = Step.objects.create(
        stage=step.stage,
        slug="twin",
        kind="reading",
        title=step.title,
        position=500,
        is_published=True,
    )
    sync.export_all()
    assert po_entry("fi", twin, "title").msgstr == "Käännös"
    context = twin.translation_context("title")
    twin.delete()
    sync.export_all()
    po = store.load("fi")
    assert [e.obsolete for e in po if e.msgctxt == context] == [True]


@pytest.mark.django_db
def test_save_is_all_or_nothing_a_crash_leaves_the_catalogue_as_it_was(
    client, program, monkeypatch
):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    fi_translate(step, "title", "Vanha otsikko")
    version = store.load("fi").version

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(EntryChange.objects, "bulk_create", crash)
    with pytest.raises(OSError, match="disk full"):
        sync.save_translations(
            "fi", {step.translation_context("title"): ("Uusi", False)}
        )
    assert po_entry("fi", step, "title").msgstr == "Vanha otsikko"
    assert store.load("fi").version == version
    assert (
        "<h1>Vanha otsikko</h1>" in client.get(step_path(step, "fi")).content.decode()
    )
