"""Drafts: a step or track that is not published is invisible to visitors,
and previewable only by staff who signed in with their second factor."""

import pytest
from django.contrib.auth.models import User

from modules.content.models import Step, Track
from tests.helpers import STAFF_PASSWORD, sign_in_staff, step_path, visible_text


@pytest.mark.django_db
def test_draft_is_invisible_to_visitors_and_previewable_by_staff(
    client, program, staff_user
):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    step.is_published = False
    step.save()
    assert client.get(step_path(step)).status_code == 404
    stage_page = client.get(
        f"/en/program/{program.slug}/{step.stage.slug}/"
    ).content.decode()
    assert step.title not in stage_page
    sign_in_staff(client, staff_user)
    html = client.get(step_path(step)).content.decode()
    assert "Draft: only staff can see this step." in html
    Track.objects.create(slug="draft-track", title="A track in the making")
    client.logout()
    assert "A track in the making" not in client.get("/en/program/").content.decode()
    assert client.get("/en/program/draft-track/").status_code == 404


@pytest.mark.django_db
def test_unverified_staff_do_not_see_drafts(client, program):
    step = Step.objects.filter(stage__track=program).first()
    step.is_published = False
    step.save()
    user = User.objects.create_user("half", password=STAFF_PASSWORD, is_staff=True)
    client.force_login(user)  # password only, no second factor
    assert client.get(step_path(step)).status_code == 404
    assert "Draft" not in visible_text(client.get("/en/program/").content.decode())
