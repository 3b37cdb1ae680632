"""Nothing identifying is kept: the quick exit clears the browser, cookies are
locked down, and no IP address, user agent or referrer reaches the database
or the logs."""

import pytest
from django.conf import settings
from django.db import connection

from modules.content.models import Step
from tests.helpers import (
    LANGUAGES,
    REPO,
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
def test_cookies_are_http_only_and_same_site_strict(client):
    # A page with a form sets the CSRF cookie.
    response = client.get(f"/{settings.ADMIN_PATH}login/")
    cookie = response.cookies["csrftoken"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Strict"


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


def test_gunicorn_config_keeps_no_access_log():
    import runpy

    config = runpy.run_path(str(REPO / "deploy" / "gunicorn.conf.py"))
    assert config["accesslog"] is None
    assert config["loglevel"] == "warning"
    assert config["forwarded_allow_ips"] == ""
