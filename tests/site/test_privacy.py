"""Nothing identifying is kept: the quick exit clears the browser, cookies are
locked down, and no IP address, user agent or referrer reaches the database
or the logs."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from modules.content.models import Step
from tests.helpers import (
    CODE_RE,
    LANGUAGES,
    STAFF_PASSWORD,
    answers_for,
    step_path,
    stored_database_bytes,
)

MARKERS = {
    "HTTP_USER_AGENT": "Mozilla/5.0 (DistinctiveAgent-7731; Quokka)",
    "HTTP_X_FORWARDED_FOR": "203.0.113.77",
    "HTTP_X_REAL_IP": "198.51.100.23",
    "HTTP_REFERER": "http://referrer-marker.example/secret-path",
    "REMOTE_ADDR": "192.0.2.199",
}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_leave_clears_site_data_and_goes_somewhere_neutral(client, lang):
    client.get(f"/{lang}/")
    response = client.get(f"/{lang}/leave/")
    assert response.status_code == 302
    assert response["Location"] == settings.LEAVE_URL
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert response.cookies["csrftoken"]["max-age"] == 0


@pytest.mark.django_db
def test_every_cookie_the_site_sets_is_http_only_and_same_site_strict(program):
    """Each cookie that carries something (the journal, the CSRF token, a
    message, a staff session) is out of reach of scripts and never sent along
    with a request from another site."""
    responses = []
    # A help-seeker answers a step, saves with a code, and comes back with it.
    visitor = Client()
    responses.append(visitor.get("/en/save/"))
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    responses.append(visitor.post(step_path(step), answers_for(step)))
    responses.append(visitor.post("/en/save/"))
    code = CODE_RE.search(responses[-1].content.decode()).group(1)
    returning = Client()
    responses.append(returning.post("/en/continue/", {"code": code}))
    # A clinician signs in with a password and an authenticator code.
    user = User.objects.create_user("clinician", password=STAFF_PASSWORD, is_staff=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    token = str(totp(device.bin_key, step=device.step, t0=device.t0)).zfill(6)
    staff = Client()
    responses.append(staff.get(f"/{settings.ADMIN_PATH}login/"))
    responses.append(
        staff.post(
            f"/{settings.ADMIN_PATH}login/",
            {"username": "clinician", "password": STAFF_PASSWORD, "otp_token": token},
        )
    )
    assert responses[-1].status_code == 302, "signed in"

    set_cookies = {}
    for response in responses:
        for name, morsel in response.cookies.items():
            if morsel.value:
                set_cookies.setdefault(name, []).append(morsel.OutputString())
    assert set(set_cookies) == {"journal", "csrftoken", "messages", "sessionid"}
    for name, headers in set_cookies.items():
        for header in headers:
            attributes = [part.strip() for part in header.split(";")]
            assert "HttpOnly" in attributes, (name, header)
            assert "SameSite=Strict" in attributes, (name, header)


@pytest.mark.database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_ip_user_agent_or_referrer_reaches_the_database_or_the_logs(
    client, settings, program, captured_logs
):
    settings.ROOT_URLCONF = "tests.site.urls"
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    client.get("/en/", **MARKERS)
    client.post(step_path(step), answers_for(step), **MARKERS)
    client.post("/en/diary/", {"strength": "5"}, **MARKERS)
    client.post("/en/save/", **MARKERS)
    client.get("/en/no-such-page/", **MARKERS)
    client.get("/en/", HTTP_HOST="bad-host.example", **MARKERS)
    client.raise_request_exception = False
    client.get("/fi/boom/", **MARKERS)
    csrf_client = type(client)(enforce_csrf_checks=True)
    csrf_client.post(step_path(step), {}, **MARKERS)

    logged = captured_logs.text
    assert "Internal Server Error" in logged, "the logs were captured"
    if connection.vendor == "sqlite":
        connection.close()  # everything written is now in the file or its WAL
        stored = stored_database_bytes()
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT session_data FROM django_session")
            rows = [r[0] for r in cursor.fetchall()]
            cursor.execute("SELECT change_message, object_repr FROM django_admin_log")
            rows += [str(r) for r in cursor.fetchall()]
        stored = repr(rows).encode()
    for value in MARKERS.values():
        for piece in {value, value.split("/")[-1], "DistinctiveAgent-7731"}:
            assert piece not in logged, piece
            assert piece.encode() not in stored, piece
