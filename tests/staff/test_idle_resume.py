"""An editor who passes the idle limit while writing loses nothing: the form
sent after the limit is kept, and once they sign in again it is saved."""

import datetime
import json

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from modules.content.models import Draft, Step
from tests.helpers import form_data, member_of
from tests.staff.signin_helpers import current_code

TEXT = "Written slowly, over a long lunch: this must not be lost."


@pytest.fixture
def editor(program):
    user = member_of("Editors", "clinician")
    user.set_password("a long pass phrase 123")
    user.save()
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device


def sign_in_form(client, device, next_url, username="clinician"):
    return client.post(
        f"/admin/login/?next={next_url}",
        {
            "username": username,
            "password": "a long pass phrase 123",
            "otp_token": current_code(device),
            "next": next_url,
        },
        follow=True,
    )


def pass_the_idle_limit():
    """What the idle limit does: every session's time is up."""
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))


def edit_after_the_limit(client, device, step):
    url = f"/admin/content/step/{step.pk}/change/"
    assert sign_in_form(client, device, "/admin/").status_code == 200
    data = form_data(client.get(url).content.decode(), "step_form")
    data["body"] = [TEXT]
    pass_the_idle_limit()
    return url, client.post(url, data)


def test_text_sent_after_the_idle_limit_is_saved_after_signing_in(editor):
    _user, device = editor
    step = Step.objects.filter(is_published=True).first()
    client = Client()
    url, response = edit_after_the_limit(client, device, step)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    login_page = client.get(response["Location"]).content.decode()
    assert "What you sent is kept" in login_page
    assert not Draft.objects.exists()  # not saved by someone not signed in
    step.refresh_from_db()
    assert step.body != TEXT
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # a fresh code
    response = client.post(
        f"/admin/login/?next={url}",
        {
            "username": "clinician",
            "password": "a long pass phrase 123",
            "otp_token": current_code(device),
            "next": url,
        },
    )
    assert response["Location"] == url
    # Back on the form, what was sent is sent again: an editor's change to a
    # published step is saved as a draft, and the draft's page is shown.
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert "sent again now" in page
    draft = Draft.objects.get(object_id=str(step.pk))
    assert TEXT in json.dumps(draft.data)


def test_someone_else_signing_in_does_not_get_the_text(editor):
    _user, device = editor
    other = member_of("Editors", "colleague")
    other.set_password("a long pass phrase 123")
    other.save()
    other_device = TOTPDevice.objects.create(user=other, name="p", confirmed=True)
    step = Step.objects.filter(is_published=True).first()
    before = step.body
    client = Client()
    url, _response = edit_after_the_limit(client, device, step)
    response = sign_in_form(client, other_device, url, username="colleague")
    assert TEXT not in response.content.decode()
    step.refresh_from_db()
    assert step.body == before


def test_a_post_without_a_signed_in_past_is_not_kept(editor, client):
    step = Step.objects.filter(is_published=True).first()
    url = f"/admin/content/step/{step.pk}/change/"
    client.get("/admin/login/")
    response = client.post(url, {"body": TEXT})
    assert response.status_code in (302, 403)
    assert not Session.objects.exists()


def test_a_kept_form_that_cannot_be_saved_comes_back_filled_in(editor):
    _user, device = editor
    step = Step.objects.filter(is_published=True).first()
    title = step.title
    client = Client()
    url = f"/admin/content/step/{step.pk}/change/"
    assert sign_in_form(client, device, "/admin/").status_code == 200
    data = form_data(client.get(url).content.decode(), "step_form")
    data["body"] = [TEXT]
    data["title"] = [""]  # the title is required
    pass_the_idle_limit()
    client.post(url, data)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    response = sign_in_form(client, device, url)
    page = response.content.decode()
    assert response.status_code == 200
    assert TEXT in page  # in the body's field, ready to be saved
    assert "errornote" in page
    step.refresh_from_db()
    assert step.title == title
