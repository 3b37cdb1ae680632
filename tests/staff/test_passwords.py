"""Staff password hashing: Argon2id with bounded memory and lanes, old hashes
upgraded at sign-in, and a per-process bound on password checks running at
once (the slots are held by the test itself, so nothing depends on timing)."""

import contextlib
import threading

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.contrib.auth.models import User
from django.test import Client

from modules.staff import passwords
from modules.staff.models import StaffSignInLock
from modules.staff.signin import BUSY
from tests.staff.signin_helpers import PASSWORD, current_code, error_notes, sign_in

BOUNDED = "argon2$argon2id$v=19$m=65536,t=2,p=1$"


@pytest.fixture
def production_hashers(settings):
    from selfhelp import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    return settings


@contextlib.contextmanager
def every_slot_held():
    """Every password-check slot of this process, held by the test."""
    taken = 0
    try:
        for _ in range(settings.PASSWORD_CHECKS_AT_ONCE):
            assert passwords.SLOTS.acquire(timeout=5)
            taken += 1
        yield
    finally:
        for _ in range(taken):
            passwords.SLOTS.release()


def test_the_bounded_hasher_comes_first():
    from selfhelp import settings as production

    assert production.PASSWORD_HASHERS[0] == (
        "modules.staff.passwords.BoundedArgon2PasswordHasher"
    )
    assert "django.contrib.auth.hashers.Argon2PasswordHasher" not in (
        production.PASSWORD_HASHERS
    )
    assert production.PASSWORD_CHECKS_AT_ONCE >= 1


@pytest.mark.django_db
def test_stored_hashes_carry_the_bounded_parameters(production_hashers):
    user = User.objects.create_user("hashme", password=PASSWORD)
    assert user.password.startswith(BOUNDED)
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_an_old_default_argon2_hash_is_remade_at_sign_in(enrolled, production_hashers):
    user, device = enrolled
    user.password = make_password(PASSWORD, hasher=Argon2PasswordHasher())
    user.save()
    assert "m=102400,t=2,p=8" in user.password
    assert (
        sign_in(Client(), "editor1", PASSWORD, current_code(device)).status_code == 302
    )
    user.refresh_from_db()
    assert user.password.startswith(BOUNDED)


@pytest.mark.django_db
def test_a_sign_in_finding_every_slot_taken_is_told_to_try_again(
    enrolled, production_hashers, monkeypatch
):
    user, device = enrolled
    user.set_password(PASSWORD)
    user.save()
    monkeypatch.setattr(passwords, "WAIT_SECONDS", 0)
    with every_slot_held():
        response = sign_in(Client(), "editor1", PASSWORD, current_code(device))
        assert response.status_code == 200
        assert error_notes(response) == [str(BUSY)]
        response = sign_in(Client(), "nobody", PASSWORD)
        assert error_notes(response) == [str(BUSY)]
    # Not a failure of the account: nothing counted.
    assert not StaffSignInLock.objects.exists()
    assert (
        sign_in(Client(), "editor1", PASSWORD, current_code(device)).status_code == 302
    )


def test_a_check_waits_for_a_free_slot(production_hashers, monkeypatch):
    monkeypatch.setattr(passwords, "WAIT_SECONDS", 60)
    hasher = passwords.BoundedArgon2PasswordHasher()
    encoded = hasher.encode(PASSWORD, "saltsaltsalt")
    started = threading.Event()
    real_verify = Argon2PasswordHasher.verify

    def verify(self, password, encoded):
        started.set()
        return real_verify(self, password, encoded)

    monkeypatch.setattr(Argon2PasswordHasher, "verify", verify)
    results = []
    worker = threading.Thread(
        target=lambda: results.append(hasher.verify(PASSWORD, encoded))
    )
    with every_slot_held():
        worker.start()
        # While every slot is taken the check does not start: on correct code
        # this wait always runs out; only unbounded code could set the event.
        assert not started.wait(0.3)
    worker.join(60)
    assert started.is_set()
    assert results == [True]


def test_a_check_gives_up_when_no_slot_frees(production_hashers, monkeypatch):
    monkeypatch.setattr(passwords, "WAIT_SECONDS", 0)
    hasher = passwords.BoundedArgon2PasswordHasher()
    encoded = hasher.encode(PASSWORD, "saltsaltsalt")
    with every_slot_held():
        with pytest.raises(passwords.PasswordChecksBusy):
            hasher.encode(PASSWORD, "saltsaltsalt")
        with pytest.raises(passwords.PasswordChecksBusy):
            hasher.verify(PASSWORD, encoded)
    assert hasher.verify(PASSWORD, encoded)
