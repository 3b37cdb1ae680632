"""The clinicians' editor: search, filters and preview in the admin, and the
revision history that can restore an earlier version or a deleted step."""

import re

import pytest
from django.core.management import call_command

from modules.content.models import Step
from tests.helpers import edit_step, form_data


@pytest.mark.django_db
def test_admin_offers_search_filters_preview_and_view_on_site(admin_client, program):
    listing = admin_client.get(
        "/admin/content/step/?q=self-check&kind__exact=scale"
    ).content.decode()
    assert "A short self-check" in listing
    step = Step.objects.get(stage__track=program, slug="self-check")
    change = admin_client.get(f"/admin/content/step/{step.pk}/change/").content.decode()
    assert 'class="markdown-preview"' in change
    assert "/admin/r/" in change  # "View on site"
    assert (
        change.count('name="questions-') > 4
    )  # questions inline, with their choices and prompts


@pytest.mark.django_db
def test_restore_an_earlier_version_of_a_step(admin_client, program, locale_copy):
    call_command("loadprogram", verbosity=0)  # the first version of every row
    step = Step.objects.get(stage__track=program, slug="self-check")
    original_title = step.title
    edit_step(admin_client, step, title="A clumsy new title")
    edit_step(
        admin_client, step, title="An even worse title", body="Oops, the text is gone."
    )
    history = admin_client.get(
        f"/admin/content/step/{step.pk}/history/"
    ).content.decode()
    assert "clinician" in history
    versions = re.findall(rf"/admin/content/step/{step.pk}/history/(\d+)/", history)
    oldest = sorted(set(versions), key=int)[0]
    compare = admin_client.get(
        f"/admin/content/step/{step.pk}/history/{oldest}/compare/"
    ).content.decode()
    assert "<del>" in compare
    assert "<ins>worse</ins>" in compare or "worse" in compare
    page = admin_client.get(f"/admin/content/step/{step.pk}/history/{oldest}/")
    assert page.status_code == 200
    data = form_data(page.content.decode(), "step_form")
    response = admin_client.post(
        f"/admin/content/step/{step.pk}/history/{oldest}/", data
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.title == original_title
    assert "Oops" not in step.body


@pytest.mark.django_db
def test_deleting_a_step_asks_first_and_can_be_undone(
    admin_client, program, locale_copy
):
    call_command("loadprogram", verbosity=0)
    step = Step.objects.get(stage__track=program, slug="self-check")
    questions = step.questions.count()
    confirm = admin_client.get(f"/admin/content/step/{step.pk}/delete/")
    assert confirm.status_code == 200
    assert "Are you sure" in confirm.content.decode()
    assert (
        admin_client.post(
            f"/admin/content/step/{step.pk}/delete/", {"post": "yes"}
        ).status_code
        == 302
    )
    assert not Step.objects.filter(pk=step.pk).exists()
    recover = admin_client.get("/admin/content/step/recover/").content.decode()
    version = re.search(r"/admin/content/step/recover/(\d+)/", recover).group(1)
    page = admin_client.get(f"/admin/content/step/recover/{version}/")
    data = form_data(page.content.decode(), "step_form")
    assert (
        admin_client.post(f"/admin/content/step/recover/{version}/", data).status_code
        == 302
    )
    restored = Step.objects.get(stage__track=program, slug="self-check")
    assert restored.questions.count() == questions
