"""Whitespace is not a change: browsers send a textarea's line breaks as
CRLF, and an unchanged save must not make a revision, a "Changed ..."
history line or a "needs review" entry for translators."""

import pytest
from reversion.models import Version

from modules.content.models import Stage, Step
from modules.translations import store, sync
from tests.helpers import form_data


def as_browser_sends(data):
    """The form's values with every line break as CRLF, as browsers send them."""
    return {
        name: [v.replace("\n", "\r\n") for v in values] for name, values in data.items()
    }


def needs_review(lang="fi"):
    return sum(1 for e in store.load(lang) if e.fuzzy)


def save_unchanged(client, url, form_id):
    data = form_data(client.get(url).content.decode(), form_id)
    assert any("\n" in v for values in data.values() for v in values)
    response = client.post(url, as_browser_sends(data))
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.mark.django_db
def test_unchanged_save_of_a_step_and_a_stage_changes_nothing(
    admin_client, program, locale_copy, django_capture_on_commit_callbacks
):
    sync.export_all()
    before = needs_review()
    step = Step.objects.filter(stage__track=program, kind="checklist").first()
    stage = step.stage
    body, intro = step.body, stage.intro
    assert "\n" in body
    assert "\n" in intro
    versions = Version.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        save_unchanged(
            admin_client, f"/admin/content/step/{step.pk}/change/", "step_form"
        )
        save_unchanged(
            admin_client, f"/admin/content/stage/{stage.pk}/change/", "stage_form"
        )
    assert needs_review() == before
    assert Version.objects.count() == versions
    step.refresh_from_db()
    stage.refresh_from_db()
    assert (step.body, stage.intro) == (body, intro)
    history = admin_client.get(
        f"/admin/content/stage/{stage.pk}/history/"
    ).content.decode()
    assert "Changed" not in history


@pytest.mark.django_db
def test_an_edit_is_stored_with_plain_line_breaks(admin_client, program, locale_copy):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    url = f"/admin/content/step/{step.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "step_form")
    data["body"] = ["First line.   \r\nSecond line.\t\r\n\r\nNew paragraph."]
    assert admin_client.post(url, data).status_code == 302
    step.refresh_from_db()
    assert step.body == "First line.\nSecond line.\n\nNew paragraph."


@pytest.mark.django_db
def test_the_model_normalises_text_saved_any_other_way(program):
    stage = Stage.objects.filter(track=program).first()
    stage.closing = "Well done.  \r\nSee you soon.\r"
    stage.save()
    stage.refresh_from_db()
    assert stage.closing == "Well done.\nSee you soon.\n"
