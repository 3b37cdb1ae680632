"""A new staff member sets up their own second factor: QR code and base32 key
on a page, confirmed with a first code; backup codes shown once, and new ones
on request."""

import re
from base64 import b32decode

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.staff.signin_helpers import PASSWORD, current_code, sign_in

ENROL = "/admin/account/two-factor/"


@pytest.fixture
def newcomer(db):
    """A staff member an administrator has just added: a password, no device."""
    return User.objects.create_user("newcomer", password=PASSWORD, is_staff=True)


def key_on(page):
    found = re.search(r'<code id="enrol-key"[^>]*>([A-Z2-7 ]+)</code>', page)
    assert found, "no base32 key on the page"
    return found.group(1)


def code_for(key):
    """What an authenticator app shows now for the base32 key it was given."""
    secret = b32decode(key.replace(" ", "") + "=" * (-len(key.replace(" ", "")) % 8))
    return str(totp(secret)).zfill(6)


def signed_in_newcomer(newcomer):
    client = Client()
    response = sign_in(client, "newcomer", PASSWORD)
    assert response.status_code == 302
    return client


def test_first_sign_in_with_the_password_alone_leads_to_enrolment(newcomer):
    client = signed_in_newcomer(newcomer)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == ENROL
    # Nothing else opens before a second factor is confirmed.
    for url in ("/admin/auth/user/", "/admin/content/step/", "/admin/dashboard/"):
        assert client.get(url)["Location"] == ENROL, url


def test_enrolment_page_has_an_inline_qr_code_and_a_grouped_base32_key(newcomer):
    page = signed_in_newcomer(newcomer).get(ENROL).content.decode()
    svg = re.search(r'<div id="enrol-qr"><svg.*?</svg></div>', page, re.S)
    assert svg, "no inline SVG QR code"
    assert "<path" in svg.group(0)
    assert "<img" not in page.split('id="content-main"')[1]
    key = key_on(page)
    groups = key.split(" ")
    assert len(groups) > 1
    assert all(len(g) == 4 for g in groups[:-1])
    device = TOTPDevice.objects.get(user=newcomer)
    assert not device.confirmed
    assert b32decode(key.replace(" ", "")) == device.bin_key


def test_reloading_keeps_the_same_key(newcomer):
    client = signed_in_newcomer(newcomer)
    first = key_on(client.get(ENROL).content.decode())
    assert key_on(client.get(ENROL).content.decode()) == first


def test_a_wrong_code_is_refused_in_plain_words(newcomer):
    client = signed_in_newcomer(newcomer)
    key = key_on(client.get(ENROL).content.decode())
    wrong = "000000" if code_for(key) != "000000" else "111111"
    response = client.post(ENROL, {"code": wrong})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert not TOTPDevice.objects.get(user=newcomer).confirmed
    assert client.get("/admin/")["Location"] == ENROL


def test_confirming_opens_the_admin_and_shows_backup_codes_once(newcomer):
    client = signed_in_newcomer(newcomer)
    key = key_on(client.get(ENROL).content.decode())
    response = client.post(ENROL, {"code": code_for(key)})
    page = response.content.decode()
    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", page)
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=newcomer).values_list(
            "token", flat=True
        )
    )
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=newcomer).confirmed
    assert LogEntry.objects.filter(object_id=str(newcomer.pk)).exists()
    # The next sign-in needs the app's code, and a backup code works too.
    assert sign_in(Client(), "newcomer", PASSWORD).status_code == 200
    device = TOTPDevice.objects.get(user=newcomer)
    device.last_t = -1
    device.save()
    assert sign_in(Client(), "newcomer", PASSWORD, code_for(key)).status_code == 302
    assert sign_in(Client(), "newcomer", PASSWORD, codes[0]).status_code == 302
    assert sign_in(Client(), "newcomer", PASSWORD, codes[0]).status_code == 200


def test_new_backup_codes_replace_the_old_ones(enrolled):
    _user, device = enrolled
    client = Client()
    assert sign_in(client, "editor1", PASSWORD, current_code(device)).status_code == 302
    page = client.get("/admin/").content.decode()
    assert "/admin/account/backup-codes/" in page
    assert "0 unused backup codes" in client.get(
        "/admin/account/backup-codes/"
    ).content.decode().replace("You have ", "")
    first = re.findall(
        r"<li>([a-z2-7]{8})</li>",
        client.post("/admin/account/backup-codes/").content.decode(),
    )
    second = re.findall(
        r"<li>([a-z2-7]{8})</li>",
        client.post("/admin/account/backup-codes/").content.decode(),
    )
    assert len(first) == len(second) == 10
    assert not set(first) & set(second)
    assert "10 unused backup codes" in client.get(
        "/admin/account/backup-codes/"
    ).content.decode().replace("You have ", "")
    # (The working one first: a refused code slows the next try down.)
    assert sign_in(Client(), "editor1", PASSWORD, second[0]).status_code == 302
    assert sign_in(Client(), "editor1", PASSWORD, first[0]).status_code == 200


def test_an_enrolled_member_cannot_skip_the_code(enrolled):
    """The password alone opens nothing for an account that has a factor,
    the enrolment page included (it would let a password thief add a phone)."""
    assert sign_in(Client(), "editor1", PASSWORD).status_code == 200
    client = Client()
    client.force_login(enrolled[0])  # signed in, but not verified
    assert client.get(ENROL)["Location"].startswith("/admin/login/")
    assert TOTPDevice.objects.filter(user=enrolled[0]).count() == 1


def test_a_new_phone_replaces_the_old_authenticator(enrolled):
    user, device = enrolled
    client = Client()
    assert sign_in(client, "editor1", PASSWORD, current_code(device)).status_code == 302
    key = key_on(client.get(ENROL).content.decode())
    response = client.post(ENROL, {"code": code_for(key)})
    assert "Your authenticator app is set up" in response.content.decode()
    assert list(TOTPDevice.objects.filter(user=user)) != [device]
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert client.get("/admin/").status_code == 200  # still verified


def test_the_device_admin_shows_no_key_and_no_broken_qr_link(enrolled):
    _user, device = enrolled
    client = Client()
    assert sign_in(client, "editor1", PASSWORD, current_code(device)).status_code == 302
    page = client.get(
        f"/admin/otp_totp/totpdevice/{device.pk}/change/"
    ).content.decode()
    assert device.key not in page
    assert "qrcode" not in page
    assert (
        client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/").status_code == 403
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fi", "Lisää tämä tili sovellukseen"),
        ("es", "Añade esta cuenta a la aplicación"),
    ],
)
def test_the_enrolment_page_speaks_the_staff_members_language(newcomer, lang, words):
    client = signed_in_newcomer(newcomer)
    assert words in client.get(ENROL, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
