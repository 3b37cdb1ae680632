"""Each item has its own history: restoring one version of a step changes
that step alone, and Compare shows word-level changes between any two
versions, questions and choices included."""

import re

import pytest
from reversion.models import Version

from modules.content.models import Helpline, Stage, Step
from tests.helpers import edit_step, form_data


def history_versions(client, model, pk):
    html = client.get(f"/admin/content/{model}/{pk}/history/").content.decode()
    return sorted(
        {
            int(v)
            for v in re.findall(rf"/admin/content/{model}/{pk}/history/(\d+)/", html)
        }
    )


def restore(client, model, pk, version):
    url = f"/admin/content/{model}/{pk}/history/{version}/"
    data = form_data(client.get(url).content.decode(), f"{model}_form")
    assert client.post(url, data).status_code == 302


@pytest.mark.django_db
def test_restoring_a_step_leaves_everything_else_alone(
    admin_client, program, locale_copy
):
    step = Step.objects.filter(stage__track=program, kind="checklist").first()
    original_title = step.title
    edit_step(admin_client, step, title="A new title for this step")
    helpline = Helpline.objects.first()
    url = f"/admin/content/helpline/{helpline.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "helpline_form")
    data["contacts-0-value"] = ["0800 123 456"]
    assert admin_client.post(url, data).status_code == 302
    add = form_data(
        admin_client.get("/admin/content/step/add/").content.decode(), "step_form"
    )
    add.update(
        stage=[str(step.stage_id)],
        title=["A step a clinician added"],
        slug=["clinician-added"],
        kind=["reading"],
        body=["Some words."],
        position=["99"],
    )
    assert admin_client.post("/admin/content/step/add/", add).status_code == 302

    versions = history_versions(admin_client, "step", step.pk)
    assert len(versions) == 2  # the installed one, and the clinician's edit
    compare = admin_client.get(
        f"/admin/content/step/{step.pk}/history/{versions[0]}/compare/"
    ).content.decode()
    assert "<ins>" in compare
    assert "only this item" in compare or "nothing else" in compare
    restore(admin_client, "step", step.pk, versions[0])

    step.refresh_from_db()
    helpline.refresh_from_db()
    assert step.title == original_title
    assert helpline.contacts.order_by("position").first().value == "0800 123 456"
    assert Step.objects.filter(slug="clinician-added").exists()


@pytest.mark.django_db
def test_a_stage_revision_holds_the_stage_alone(admin_client, program, locale_copy):
    stage = Stage.objects.filter(track=program).first()
    url = f"/admin/content/stage/{stage.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "stage_form")
    data["intro"] = ["A warmer welcome."]
    data["steps-0-title"] = ["A renamed first step"]
    assert admin_client.post(url, data).status_code == 302
    stage_version = Version.objects.get_for_object(stage).first()
    held = {v.content_type.model for v in stage_version.revision.version_set.all()}
    assert held == {"stage"}
    first_step = stage.steps.order_by("position").first()
    assert first_step.title == "A renamed first step"
    step_version = Version.objects.get_for_object(first_step).first()
    assert "stage" not in {
        v.content_type.model for v in step_version.revision.version_set.all()
    }
    # Restoring the installed stage does not undo the step's new title.
    versions = history_versions(admin_client, "stage", stage.pk)
    restore(admin_client, "stage", stage.pk, versions[0])
    first_step.refresh_from_db()
    assert first_step.title == "A renamed first step"
    stage.refresh_from_db()
    assert stage.intro != "A warmer welcome."


@pytest.mark.django_db
def test_compare_two_older_versions_word_by_word(admin_client, program, locale_copy):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    edit_step(admin_client, step, body="The first calm draft.")
    url = f"/admin/content/step/{step.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "step_form")
    data["body"] = ["The second calm draft."]
    prefix = f"questions-{int(data['questions-TOTAL_FORMS'][0])}"
    data["questions-TOTAL_FORMS"] = [str(int(data["questions-TOTAL_FORMS"][0]) + 1)]
    data.update(
        {
            f"{prefix}-text": ["What helps you most?"],
            f"{prefix}-key": ["helps-most"],
            f"{prefix}-input": ["text"],
            f"{prefix}-position": ["50"],
            f"{prefix}-choices-TOTAL_FORMS": ["0"],
            f"{prefix}-choices-INITIAL_FORMS": ["0"],
            f"{prefix}-prompts-TOTAL_FORMS": ["0"],
            f"{prefix}-prompts-INITIAL_FORMS": ["0"],
        }
    )
    assert admin_client.post(url, data).status_code == 302
    edit_step(admin_client, step, body="The third draft, later.")
    versions = history_versions(admin_client, "step", step.pk)
    assert len(versions) == 4
    html = admin_client.get(
        f"/admin/content/step/{step.pk}/history/compare/",
        {"from": versions[1], "to": versions[2]},
    ).content.decode()
    assert "<del>first</del><ins>second</ins>" in html
    assert "What helps you most?" in html
    assert "(added)" in html
    assert "third" not in html
