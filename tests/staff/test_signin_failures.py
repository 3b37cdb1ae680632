"""Every failed sign-in looks the same: unknown name, wrong password, no or a
wrong second factor, inactive or non-staff account, locked account. Usernames
no account can have are refused before any database query."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from modules.staff.models import StaffSignInLock
from tests.staff.signin_helpers import (
    PASSWORD,
    current_code,
    error_notes,
    page_without_values,
    sign_in,
    wrong_code,
)

IMPOSSIBLE_USERNAMES = [
    "a" * 151,
    "\uff41" * 151,  # full-width a: 151 characters once normalised
    "edi\x00tor1",
    "editor1\x07",
    "editor1\x1b[2J",
    "\u202eeditor1",  # a format character: right-to-left override
    "x" * 100_000,
]


def account(username, *, otp=True, **flags):
    user = User.objects.create_user(username, password=PASSWORD, **flags)
    if otp:
        return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return None


@pytest.mark.django_db
def test_every_failed_sign_in_gives_the_same_page(enrolled):
    _user, device = enrolled
    inactive = account("inactive1", is_staff=True, is_active=False)
    plain = account("plain1", is_staff=False)
    locked = account("locked1", is_staff=True)
    StaffSignInLock.objects.create(
        username="locked1",
        locked_until=timezone.now() + datetime.timedelta(minutes=10),
    )
    attempts = {
        "unknown name": ("nobody", PASSWORD, current_code(device)),
        "wrong password": ("editor1", "wrong password here", current_code(device)),
        "no code": ("editor1", PASSWORD, ""),
        "wrong code": ("editor1", PASSWORD, wrong_code(device)),
        "wrong backup code": ("editor1", PASSWORD, "zz99zz99"),
        "NUL in the code": ("editor1", PASSWORD, "12\x003456"),
        "NUL in the password": ("editor1", "pass\x00word", current_code(device)),
        "inactive account": ("inactive1", PASSWORD, current_code(inactive)),
        "not staff": ("plain1", PASSWORD, current_code(plain)),
        "locked account": ("locked1", PASSWORD, current_code(locked)),
    }
    pages = {}
    for kind, (username, password, token) in attempts.items():
        response = sign_in(Client(), username, password, token)
        assert response.status_code == 200, kind
        assert len(error_notes(response)) == 1, kind
        pages[kind] = page_without_values(response)
    assert len(set(pages.values())) == 1, {
        k: error_notes_of(p) for k, p in pages.items()
    }


def error_notes_of(page):
    start = page.find('class="errornote"')
    return page[start : page.find("</p>", start)]


@pytest.mark.database
@pytest.mark.django_db
@pytest.mark.parametrize("username", IMPOSSIBLE_USERNAMES)
def test_impossible_usernames_get_the_same_page_and_write_nothing(enrolled, username):
    expected = page_without_values(sign_in(Client(), "nobody", PASSWORD, "123456"))
    response = sign_in(Client(), username, PASSWORD, "123456")
    assert response.status_code == 200
    assert page_without_values(response) == expected
    assert not StaffSignInLock.objects.exists()


@pytest.mark.database
@pytest.mark.django_db
@pytest.mark.parametrize("username", IMPOSSIBLE_USERNAMES)
def test_impossible_usernames_are_refused_before_any_query(enrolled, username):
    from modules.staff.signin import StaffSignInForm

    known = StaffSignInForm(data={"username": "nobody", "password": PASSWORD})
    assert not known.is_valid()
    form = StaffSignInForm(
        data={"username": username, "password": PASSWORD, "otp_token": "123456"}
    )
    with CaptureQueriesContext(connection) as queries:
        assert not form.is_valid()
    assert len(queries) == 0, [q["sql"] for q in queries]
    assert form.errors == known.errors
