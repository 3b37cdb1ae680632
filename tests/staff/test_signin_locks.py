"""The sign-in lock: one counter per account whatever Unicode spelling of its
name is typed, no rows for names that are no account's, the same password
work for every attempt, expired locks forgotten, and a lock placed while a
password was being checked still holds."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from modules.staff.models import StaffSignInLock
from tests.staff.signin_helpers import (
    PASSWORD,
    CountingHasher,
    current_code,
    sign_in,
)

# Spellings Django's sign-in treats as "editor1" (it compares usernames after
# NFKC normalisation and strips the spaces around them).
VARIANTS = [
    "editor1",
    "\uff45ditor1",  # a full-width e
    "editor\uff11",  # a full-width 1
    "\uff45\uff44\uff49\uff54\uff4f\uff52\uff11",  # all full-width
    " editor1 ",
]


def lock_until(minutes):
    return timezone.now() + datetime.timedelta(minutes=minutes)


@pytest.mark.django_db
def test_every_spelling_of_a_username_counts_against_one_lock(enrolled, settings):
    _user, device = enrolled
    assert (
        sign_in(Client(), VARIANTS[1], PASSWORD, current_code(device)).status_code
        == 302
    )
    StaffSignInLock.objects.all().delete()
    for attempt in range(settings.SIGNIN_MAX_FAILURES):
        sign_in(Client(), VARIANTS[attempt % len(VARIANTS)], "wrong password here")
    for variant in VARIANTS:
        response = sign_in(Client(), variant, PASSWORD, current_code(device))
        assert response.status_code == 200, variant
    assert list(StaffSignInLock.objects.values_list("username", flat=True)) == [
        "editor1"
    ]
    assert StaffSignInLock.objects.get().locked_until > timezone.now()


@pytest.mark.django_db
def test_other_letter_cases_are_other_accounts(enrolled, settings):
    """Django's ModelBackend matches usernames exactly (case-sensitively), so
    "EDITOR1" can never sign in as editor1: its failures are not editor1's."""
    _user, device = enrolled
    for _ in range(settings.SIGNIN_MAX_FAILURES + 1):
        sign_in(Client(), "EDITOR1", "wrong password here")
    assert not StaffSignInLock.objects.exists()
    assert (
        sign_in(Client(), "editor1", PASSWORD, current_code(device)).status_code == 302
    )


@pytest.mark.django_db
def test_unknown_usernames_leave_no_rows(enrolled, settings):
    for n in range(3 * settings.SIGNIN_MAX_FAILURES):
        assert sign_in(Client(), f"nobody{n % 4}", "wrong password").status_code == 200
    assert not StaffSignInLock.objects.exists()


@pytest.mark.django_db
def test_failures_of_an_existing_account_are_counted(enrolled):
    sign_in(Client(), "editor1", "wrong password here")
    sign_in(Client(), "editor1", PASSWORD)  # no second factor
    lock = StaffSignInLock.objects.get(username="editor1")
    assert lock.failures == 2
    assert lock.locked_until is None


@pytest.mark.django_db
def test_every_attempt_runs_the_password_hasher_once(enrolled, settings):
    """Unknown name, wrong password, right password without a code, locked
    account: each costs one password hash, so the time taken tells nothing."""
    settings.PASSWORD_HASHERS = ["tests.staff.signin_helpers.CountingHasher"]
    user, _device = enrolled
    user.set_password(PASSWORD)
    user.save()
    User.objects.create_user("locked1", password=PASSWORD, is_staff=True)
    StaffSignInLock.objects.create(username="locked1", locked_until=lock_until(10))
    attempts = [
        ("nobody", "wrong password"),
        ("editor1", "wrong password here"),
        ("editor1", PASSWORD),
        ("locked1", PASSWORD),
        ("locked1", "wrong password here"),
    ]
    for username, password in attempts:
        CountingHasher.runs = 0
        assert sign_in(Client(), username, password).status_code == 200
        assert CountingHasher.runs == 1, username


@pytest.mark.django_db
def test_expired_locks_are_deleted(enrolled):
    User.objects.create_user("old1", password=PASSWORD)
    past = timezone.now() - datetime.timedelta(minutes=1)
    StaffSignInLock.objects.create(username="old1", failures=0, locked_until=past)
    StaffSignInLock.objects.create(username="ghost", failures=0, locked_until=past)
    StaffSignInLock.objects.create(username="editor1", locked_until=lock_until(10))
    sign_in(Client(), "nobody", "wrong password")
    assert list(StaffSignInLock.objects.values_list("username", flat=True)) == [
        "editor1"
    ]


@pytest.mark.django_db
def test_a_lock_placed_during_the_password_check_still_holds(enrolled, settings):
    """Attempts sent in parallel all pass a lock check made before their
    password is checked; the lock is therefore checked after it, too."""
    _user, device = enrolled
    settings.PASSWORD_HASHERS = ["tests.staff.signin_helpers.LockingHasher"]
    response = sign_in(Client(), "editor1", PASSWORD, current_code(device))
    assert response.status_code == 200
    assert Client().get("/admin/").status_code == 302


@pytest.mark.django_db
def test_the_migration_forgets_rows_of_unknown_names_and_expired_locks(enrolled):
    migration = importlib.import_module(
        "modules.staff.migrations.0002_forget_unknown_and_expired_locks"
    )
    past = timezone.now() - datetime.timedelta(minutes=1)
    StaffSignInLock.objects.create(username=VARIANTS[1], failures=3)
    StaffSignInLock.objects.create(username="nobody", failures=2)
    StaffSignInLock.objects.create(username="editor1", failures=1, locked_until=past)
    User.objects.create_user("counted1", password=PASSWORD)
    StaffSignInLock.objects.create(username="counted1", failures=2)
    migration.forget_unknown_and_expired(apps, None)
    assert list(StaffSignInLock.objects.values_list("username", "failures")) == [
        ("counted1", 2)
    ]
