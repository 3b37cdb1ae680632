"""An administrator unlocks a locked staff account; the unlock is logged."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from modules.staff.models import StaffSignInLock
from tests.helpers import member_of, sign_in_staff
from tests.staff.signin_helpers import PASSWORD, current_code, sign_in

LOCKS = "/admin/staff/staffsigninlock/"


@pytest.fixture
def locked_out(db):
    """A translator who mistyped their code until the account locked."""
    user = User.objects.create_user("kirsi", password=PASSWORD, is_staff=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    for _attempt in range(5):
        assert sign_in(Client(), "kirsi", PASSWORD, "zzzz9999").status_code == 200
    assert sign_in(Client(), "kirsi", PASSWORD, current_code(device)).status_code == 200
    return user, device


def test_an_administrator_unlocks_with_the_button(enrolled, locked_out):
    admin_user, _device = enrolled
    user, device = locked_out
    client = sign_in_staff(Client(), admin_user)
    listing = client.get(LOCKS).content.decode()
    lock = StaffSignInLock.objects.get(username="kirsi")
    assert "kirsi" in listing
    assert f"{LOCKS}{lock.pk}/unlock/" in listing
    confirm = client.get(f"{LOCKS}{lock.pk}/unlock/")
    assert "Unlock it only if you know its owner" in confirm.content.decode()
    assert StaffSignInLock.objects.filter(username="kirsi").exists()  # asked first
    response = client.post(f"{LOCKS}{lock.pk}/unlock/", follow=True)
    assert "Unlocked 1 account" in response.content.decode()
    assert not StaffSignInLock.objects.filter(username="kirsi").exists()
    entry = LogEntry.objects.get(object_id=str(user.pk), user=admin_user)
    assert "Unlocked sign-in" in entry.change_message
    assert sign_in(Client(), "kirsi", PASSWORD, current_code(device)).status_code == 302


def test_an_administrator_unlocks_with_the_action(enrolled, locked_out):
    admin_user, _device = enrolled
    lock = StaffSignInLock.objects.get(username="kirsi")
    client = sign_in_staff(Client(), admin_user)
    response = client.post(
        LOCKS,
        {"action": "unlock_selected", "_selected_action": [lock.pk]},
        follow=True,
    )
    assert "Unlocked 1 account" in response.content.decode()
    assert not StaffSignInLock.objects.exists()
    assert LogEntry.objects.filter(object_id=str(locked_out[0].pk)).exists()


def test_an_editor_cannot_unlock(program, locked_out):
    client = sign_in_staff(Client(), member_of("Editors"))
    lock = StaffSignInLock.objects.get(username="kirsi")
    assert client.post(f"{LOCKS}{lock.pk}/unlock/").status_code == 403
    assert StaffSignInLock.objects.filter(username="kirsi").exists()
