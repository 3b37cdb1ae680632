"""The admin's sections and the two-factor models have plain names, in
every language; administrators never see anyone's backup codes."""

import html
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticDevice

from tests.helpers import LANGUAGES, sign_in_staff

PLAIN = (
    "Two-factor sign-in: authenticator apps",
    "Two-factor sign-in: backup codes",
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_admin_sections_have_plain_names(enrolled, lang):
    client = sign_in_staff(Client(), enrolled[0])
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    captions = [
        html.unescape(c)
        for c in re.findall(r"<caption>\s*<a[^>]*>(.*?)</a>", page, re.S)
    ]
    assert captions
    for caption in captions:
        assert "otp" not in caption.lower(), caption
        assert "_" not in caption, caption
    for english in PLAIN:
        with translation.override(lang):
            name = translation.gettext(english)
        # In the page's language, never the English left in place.
        assert lang == LANGUAGES[0] or name != english, (lang, english)
        assert name in captions, (name, captions)


def test_the_plain_names_need_no_migration(db):
    out = io.StringIO()
    call_command(
        "makemigrations", "otp_totp", "otp_static", check=True, dry_run=True, stdout=out
    )


def test_administrators_do_not_see_backup_codes(enrolled):
    user, _device = enrolled
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    device.token_set.create(token="secret77")  # noqa: S106 (a test code)
    client = sign_in_staff(Client(), user)
    listing = client.get("/admin/otp_static/staticdevice/").content.decode()
    change = client.get(
        f"/admin/otp_static/staticdevice/{device.pk}/change/"
    ).content.decode()
    assert "secret77" not in listing + change
    assert re.search(r'<td class="field-unused_codes">1</td>', listing)
