"""The enrolment page in a real Chromium with JavaScript off: the QR code is
drawn, at a size a phone can scan, from this site alone; typing the key's
code confirms the app and shows the backup codes."""

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.staff.signin_helpers import PASSWORD
from tests.staff.test_enrolment import code_for

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback: the flush after it must not re-run post_migrate
    # (the roles), or the next test restoring the snapshot finds them twice.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [320, 1280])
def test_a_newcomer_scans_or_types_the_key_and_gets_backup_codes(
    no_js_page,
    width,
    tmp_path,
):
    User.objects.create_user("newcomer", password=PASSWORD, is_staff=True)
    page = no_js_page
    page.set_viewport_size({"width": width, "height": 900})
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(page.base_url)
            else elsewhere.append(request.url)
        ),
    )
    page.goto(page.base_url + "/admin/login/")
    page.fill("#id_username", "newcomer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state("load")
    assert page.url.endswith("/admin/account/two-factor/")
    qr = page.locator("#enrol-qr svg")
    box = qr.bounding_box()
    assert box["width"] >= 150
    assert box["width"] == box["height"]
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width
    page.screenshot(path=str(tmp_path / f"enrol-{width}.png"), full_page=True)
    key = page.locator("#enrol-key").inner_text()
    page.fill("#id_code", code_for(key))
    page.click("#enrol-form input[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("#backup-codes li").count() == 10
    assert TOTPDevice.objects.get(user__username="newcomer").confirmed
    assert elsewhere == []
