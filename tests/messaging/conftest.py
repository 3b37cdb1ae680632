"""Fixtures for the messages between help-seekers and counsellors."""

import pytest

from modules.messaging import keys
from modules.messaging.models import CounsellorProfile, ServiceInfo
from modules.staff.roles import sync_roles
from tests.helpers import member_of, sign_in_staff

PASSPHRASE = "correct horse battery staple"  # noqa: S105


@pytest.fixture
def team_key(db):
    return keys.create(PASSPHRASE)


@pytest.fixture
def service(db):
    return ServiceInfo.objects.create(
        language="en",
        reply_days=3,
        hours="Monday to Friday, 9-17",
        scope="Counsellors listen and help you plan. They are not an emergency service.",
    )


def make_counsellor(name, display_name="Aino"):
    # A committing test that ran before may have flushed the roles away.
    sync_roles()
    user = member_of("Counsellors", name)
    if display_name:
        CounsellorProfile.objects.create(user=user, display_name=display_name)
    return user


@pytest.fixture
def counsellor(client_factory):
    user = make_counsellor("counsellor1")
    return sign_in_staff(client_factory(), user)


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


def unlock_inbox(client, passphrase=PASSPHRASE):
    return client.post(
        "/admin/messaging/conversation/open/", {"passphrase": passphrase}
    )


def write(client, text, lang="en"):
    return client.post(f"/{lang}/messages/", {"text": text})


def start_and_save(client, lang="en"):
    """Save the visitor's journal from the messages page, in one step."""
    response = client.post(f"/{lang}/messages/start/")
    assert response.status_code == 200
    return response
