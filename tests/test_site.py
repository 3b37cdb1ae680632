"""The site-wide foundation: languages, headers, privacy, error pages."""

import re

import pytest
from django.conf import settings
from django.urls import path, reverse
from django.utils import translation

from selfhelp import urls as site_urls
from tests.conftest import LANGUAGES

SITE_PAGES = [
    "home",
    "privacy",
    "about",
    "get_help",
    "journey:track_list",
    "journey:glossary",
    "journey:act_now",
]

EXTERNAL_URL = re.compile(
    r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I
)


def url_in(name, lang):
    with translation.override(lang):
        return reverse(name)


def assert_private_page(response, lang):
    html = response.content.decode()
    assert response.status_code == 200, response.status_code
    # Language of the page
    assert f'<html lang="{lang}" dir="ltr">' in html
    # No script of any kind, no inline style, nothing from another host.
    assert "<script" not in html.lower()
    assert not re.search(r"\son[a-z]+\s*=", html, re.I), "event handler attribute"
    assert 'style="' not in html and "<style" not in html
    assert not EXTERNAL_URL.search(html), EXTERNAL_URL.search(html)
    # The language menu offers every language, each in its own language.
    for code in LANGUAGES:
        assert re.search(
            rf'<a href="/{code}/[^"]*" lang="{code}" hreflang="{code}"', html
        ), code
    # Every page offers urgent help and a quick exit.
    assert f'href="/{lang}/help/"' in html
    assert f'href="/{lang}/leave/"' in html
    assert '<meta name="robots" content="noindex,nofollow">' in html
    assert 'class="skip-link" href="#main"' in html and 'id="main"' in html


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in csp.split(";")
        if part.strip()
    )
    assert directives["default-src"] == "'none'"
    assert "script-src" not in directives
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Server" not in response


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", SITE_PAGES)
def test_every_page_in_every_language_is_private_and_translated(
    client, program_loaded, name, lang
):
    response = client.get(url_in(name, lang))
    assert_private_page(response, lang)
    assert_security_headers(response)
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Language"] == lang


@pytest.mark.django_db
def test_pages_are_written_in_the_visitors_language(client):
    english = client.get("/en/").content.decode()
    finnish = client.get("/fi/").content.decode()
    spanish = client.get("/es/").content.decode()
    assert "A private way to change" in english
    assert "A private way to change" not in finnish
    assert "A private way to change" not in spanish
    assert "Get help now" not in finnish and "Get help now" not in spanish


@pytest.mark.django_db
def test_root_redirects_to_a_language_guessed_from_accept_language(client):
    assert client.get("/").headers["Location"] == "/en/"
    assert (
        client.get("/", HTTP_ACCEPT_LANGUAGE="fi-FI,fi;q=0.9").headers["Location"]
        == "/fi/"
    )
    assert (
        client.get("/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.8").headers["Location"]
        == "/es/"
    )
    # Tor Browser always says en-US: the visitor still gets a language menu.
    assert (
        client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.5").headers["Location"]
        == "/en/"
    )


@pytest.mark.django_db
def test_unknown_language_prefix_is_not_found(client):
    response = client.get("/de/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_language_menu_links_to_the_same_page(client):
    html = client.get("/fi/privacy/").content.decode()
    assert '<a href="/en/privacy/" lang="en" hreflang="en">English</a>' in html
    assert '<a href="/es/privacy/" lang="es" hreflang="es">Español</a>' in html
    assert 'lang="fi" hreflang="fi" aria-current="true">Suomi</a>' in html


@pytest.mark.django_db
def test_robots_txt_disallows_everything(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.content.decode().splitlines() == ["User-agent: *", "Disallow: /"]


@pytest.mark.django_db
def test_stylesheet_is_hashed_small_and_cached_forever(client):
    html = client.get("/en/").content.decode()
    hrefs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert len(hrefs) == 1, "one stylesheet: a first visit costs two requests"
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", hrefs[0])
    response = client.get(hrefs[0])
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert (
        "max-age=315360000" in response["Cache-Control"]
        or "max-age=31536000" in response["Cache-Control"]
    )
    body = b"".join(response.streaming_content)
    assert len(body) < 20 * 1024
    assert b"@media print" in body
    assert b"http://" not in body and b"https://" not in body and b"@import" not in body


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
    assert (
        settings.SESSION_COOKIE_HTTPONLY
        and settings.SESSION_COOKIE_SAMESITE == "Strict"
    )


# --- Error pages ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lang,title",
    [
        ("en", "Page not found"),
        ("fi", "Sivua ei löytynyt"),
        ("es", "No se ha encontrado la página"),
    ],
)
def test_not_found_page_is_translated_and_helpful(client, lang, title):
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert title in html
    assert f'<html lang="{lang}"' in html
    assert f'href="/{lang}/help/"' in html
    assert "Traceback" not in html


@pytest.mark.django_db
def test_failed_csrf_check_gets_a_translated_page(client):
    client.handler.enforce_csrf_checks = True
    # The admin is outside the language prefix; its language comes from the browser.
    response = client.post(
        f"/{settings.ADMIN_PATH}login/", {"username": "x"}, HTTP_ACCEPT_LANGUAGE="fi"
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Lähetä lomake uudelleen" in html
    assert "CSRF" not in html and "Traceback" not in html


@pytest.mark.django_db
def test_bad_request_gets_a_translated_page(client):
    response = client.get("/es/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "La solicitud no era válida" in html
    assert "DisallowedHost" not in html and "evil.example" not in html


def _boom(request):
    raise RuntimeError("something broke")


urlpatterns = [path("fi/boom/", _boom), *site_urls.urlpatterns]
handler500 = site_urls.handler500


@pytest.mark.django_db
def test_server_error_gets_a_translated_page_without_details(client, settings):
    settings.ROOT_URLCONF = "tests.test_site"
    client.raise_request_exception = False
    response = client.get("/fi/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Jokin meni vikaan" in html
    assert "something broke" not in html and "Traceback" not in html


# --- Nothing identifying is kept -----------------------------------------------------

MARKERS = {
    "HTTP_USER_AGENT": "Mozilla/5.0 (DistinctiveAgent-7731; Quokka)",
    "HTTP_X_FORWARDED_FOR": "203.0.113.77",
    "HTTP_X_REAL_IP": "198.51.100.23",
    "HTTP_REFERER": "http://referrer-marker.example/secret-path",
    "REMOTE_ADDR": "192.0.2.199",
}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_ip_user_agent_or_referrer_reaches_the_database_or_the_logs(
    client, settings, program, captured_logs
):

    from django.db import connection

    from modules.content.models import Step
    from tests.helpers import answers_for, step_path, stored_database_bytes

    settings.ROOT_URLCONF = "tests.test_site"
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
    from pathlib import Path

    config = runpy.run_path(
        str(Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py")
    )
    assert config["accesslog"] is None
    assert config["loglevel"] == "warning"
    assert config["forwarded_allow_ips"] == ""


@pytest.mark.django_db
def test_head_requests_get_the_headers_without_a_body(client):
    get = client.get("/fi/privacy/")
    head = client.head("/fi/privacy/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(get.content))
    assert head["Content-Security-Policy"] == get["Content-Security-Policy"]
