"""The site-wide foundation: every page in the visitor's language, with the
language menu, the privacy headers, no script and nothing from another host."""

import re

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import translation

from selfhelp.middleware import SecurityHeadersMiddleware
from tests.helpers import LANGUAGES, help_seeker_urls

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
    direction = "rtl" if translation.get_language_info(lang)["bidi"] else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in html
    # No script of any kind, no inline style, nothing from another host.
    assert "<script" not in html.lower()
    assert not re.search(r"\son[a-z]+\s*=", html, re.I), "event handler attribute"
    assert 'style="' not in html
    assert "<style" not in html
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
    assert 'class="skip-link" href="#main"' in html
    assert 'id="main"' in html


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    directives = dict(
        ([*part.strip().split(" ", 1), ""])[:2]
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
    assert "Get help now" not in finnish
    assert "Get help now" not in spanish


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
    # A language no site here is configured for (Italian).
    assert "it" not in LANGUAGES
    response = client.get("/it/")
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
    assert b"http://" not in body
    assert b"https://" not in body
    assert b"@import" not in body


def test_head_requests_get_the_headers_of_get_without_the_body(rf):
    """SecurityHeadersMiddleware answers HEAD with GET's headers, the full
    page's Content-Length and no body. (Django's test client empties HEAD
    bodies itself, so the middleware is called directly.)"""
    page = (
        '<!DOCTYPE html><html lang="fi"><title>Yksityisyys</title>'
        + "<p>Tietosuoja: äö " * 200
        + "</html>"
    ).encode()

    def view(request):
        return HttpResponse(page, content_type="text/html; charset=utf-8")

    middleware = SecurityHeadersMiddleware(view)
    get = middleware(rf.get("/fi/privacy/"))
    head = middleware(rf.head("/fi/privacy/"))
    assert get.content == page
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(page))
    assert head["Cache-Control"] == "no-store"
    assert {k: v for k, v in head.items() if k != "Content-Length"} == dict(get.items())


@pytest.mark.django_db
def test_static_files_carry_no_cors_etag_or_last_modified(client):
    html = client.get("/en/").content.decode()
    css = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    response = client.get(css)
    assert response.status_code == 200
    # Nothing on another site may read them, and nothing in them can tell
    # one visit from another: hashed names make revalidation unnecessary.
    for header in ("Access-Control-Allow-Origin", "ETag", "Last-Modified"):
        assert header not in response, header
    assert "immutable" in response["Cache-Control"]
    # A browser that asks "has it changed?" anyway gets no validator back.
    again = client.get(css, HTTP_IF_MODIFIED_SINCE="Thu, 01 Jan 2099 00:00:00 GMT")
    assert "ETag" not in again
    assert "Last-Modified" not in again


DATA_URL = re.compile(
    r"""(?:src|href|srcset|poster|data|action)\s*=\s*["']?\s*data:""", re.I
)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_uses_a_data_url_and_the_icon_is_a_static_file(client, program, lang):
    for url in help_seeker_urls(program, lang):
        html = client.get(url).content.decode()
        assert not DATA_URL.search(html), (url, DATA_URL.search(html))
    html = client.get(f"/{lang}/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
    assert re.fullmatch(r"/static/img/favicon\.[0-9a-f]{12}\.svg", icon), icon
    response = client.get(icon)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    body = b"".join(response.streaming_content)
    assert len(body) < 1024
    assert b"<script" not in body
    assert b"href" not in body


def test_permissions_policy_denies_advertising_and_tracking_features():
    policy = Client().get("/robots.txt")["Permissions-Policy"]
    features = dict(item.strip().split("=", 1) for item in policy.split(","))
    for feature in (
        "camera",
        "interest-cohort",
        "browsing-topics",
        "attribution-reporting",
        "join-ad-interest-group",
        "run-ad-auction",
        "private-state-token-issuance",
        "private-state-token-redemption",
        "clipboard-read",
        "clipboard-write",
        "compute-pressure",
        "keyboard-map",
        "otp-credentials",
        "sync-xhr",
        "unload",
        "window-management",
        "speaker-selection",
    ):
        assert features.get(feature) == "()", feature
    assert all(value == "()" for value in features.values())
    assert len(features) == len(policy.split(",")), "each feature once"
