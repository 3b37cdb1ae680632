"""Staff sign-in: a password and a second factor, a lock after repeated
failures, short idle sessions, Argon2 hashes, nothing kept about the browser,
and the command that makes the first administrator."""

import datetime
import io

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from modules.staff.models import StaffSignInLock
from tests.staff.signin_helpers import (
    PASSWORD,
    current_code,
    error_notes,
    page_without_values,
    sign_in,
)


@pytest.mark.django_db
def test_password_alone_is_not_enough(client, enrolled):
    response = sign_in(client, "editor1", PASSWORD)
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert client.get("/admin/").status_code == 302  # still asked to sign in


@pytest.mark.django_db
def test_password_and_authenticator_code_sign_in(client, enrolled):
    _user, device = enrolled
    response = sign_in(client, "editor1", PASSWORD, current_code(device))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_backup_code_works_once(client, enrolled):
    user, _device = enrolled
    backup = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    backup.token_set.create(token="abcd1234")  # noqa: S106 (a test-only backup code)
    assert sign_in(client, "editor1", PASSWORD, "abcd1234").status_code == 302
    other = Client()
    assert sign_in(other, "editor1", PASSWORD, "abcd1234").status_code == 200


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_by_username(client, enrolled, settings):
    _user, device = enrolled
    for _ in range(settings.SIGNIN_MAX_FAILURES):
        assert sign_in(client, "editor1", "wrong password here").status_code == 200
    lock = StaffSignInLock.objects.get(username="editor1")
    assert lock.locked_until > timezone.now()
    # Even the right password and code are refused while locked, from any
    # browser, with the page any failure gets (which mentions locks for every
    # name, so it tells nothing about this one).
    response = sign_in(Client(), "editor1", PASSWORD, current_code(device))
    assert response.status_code == 200
    assert page_without_values(response) == page_without_values(
        sign_in(Client(), "nobody", PASSWORD)
    )
    assert "locked" in error_notes(response)[0]
    # Once the lock has passed, signing in works and clears the count.
    StaffSignInLock.objects.update(
        locked_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert (
        sign_in(Client(), "editor1", PASSWORD, current_code(device)).status_code == 302
    )
    assert not StaffSignInLock.objects.filter(username="editor1").exists()
    assert [f.name for f in StaffSignInLock._meta.get_fields()] == [
        "id",
        "username",
        "failures",
        "locked_until",
    ]


# A staff session ends after this long without a request (the default of
# SELFHELP_STAFF_IDLE_MINUTES).
IDLE = datetime.timedelta(minutes=30)


@pytest.mark.django_db
def test_idle_staff_session_expires(client, enrolled, monkeypatch):
    _user, device = enrolled
    assert sign_in(client, "editor1", PASSWORD, current_code(device)).status_code == 302
    signed_in_at = timezone.now()

    def clock_at(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    # Each request keeps the session alive for another idle period ...
    clock_at(signed_in_at + IDLE - datetime.timedelta(minutes=1))
    assert client.get("/admin/").status_code == 200
    clock_at(signed_in_at + 2 * IDLE - datetime.timedelta(minutes=2))
    assert client.get("/admin/").status_code == 200
    # ... and one idle period without a request ends it.
    clock_at(signed_in_at + 3 * IDLE - datetime.timedelta(minutes=1))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_staff_passwords_are_stored_as_argon2id_and_old_hashes_upgraded(
    client, settings, monkeypatch
):
    from selfhelp import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    # The first administrator, as a deployment creates them.
    monkeypatch.setenv("SELFHELP_ADMIN_PASSWORD", PASSWORD)
    call_command("createadmin", "boss", stdout=io.StringIO())
    boss = User.objects.get(username="boss")
    assert boss.password.startswith("argon2$argon2id$")
    assert PASSWORD not in boss.password
    # A staff member whose password was stored with an older hasher gets an
    # Argon2id hash the next time they sign in.
    older = User.objects.create_user("older", is_staff=True, is_superuser=True)
    older.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    older.save()
    device = TOTPDevice.objects.create(user=older, name="phone", confirmed=True)
    assert sign_in(client, "older", PASSWORD, current_code(device)).status_code == 302
    older.refresh_from_db()
    assert older.password.startswith("argon2$argon2id$")


@pytest.mark.django_db
def test_nothing_about_a_staff_members_browser_is_stored(client, enrolled):
    _user, device = enrolled
    client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "editor1",
            "password": PASSWORD,
            "otp_token": current_code(device),
        },
        HTTP_USER_AGENT="StaffAgent-55821",
        REMOTE_ADDR="192.0.2.55",
        HTTP_X_FORWARDED_FOR="198.51.100.5",
    )
    client.get("/admin/content/step/", HTTP_USER_AGENT="StaffAgent-55821")
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    dump = out.getvalue()
    for marker in ("StaffAgent-55821", "192.0.2.55", "198.51.100.5"):
        assert marker not in dump


@pytest.mark.django_db
def test_createadmin_makes_an_administrator_with_a_second_factor(monkeypatch):
    monkeypatch.setenv("SELFHELP_ADMIN_PASSWORD", "a very good pass phrase 7")
    out = io.StringIO()
    call_command("createadmin", "boss", stdout=out)
    text = out.getvalue()
    user = User.objects.get(username="boss")
    assert user.is_superuser
    assert user.groups.filter(name="Administrators").exists()
    assert "otpauth://totp/" in text
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert StaticDevice.objects.get(user=user).token_set.count() == 10
