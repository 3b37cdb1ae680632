"""Every page a first-time visitor sees is rendered once per process and then
served from the content cache, with a fresh CSRF token; a visitor with a
journal, a query or a message always gets their own page."""

import re

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import translation

from modules.content.models import Step
from modules.journey.first_visit import LEFT_OUT, PAGES
from selfhelp.templatetags import chrome
from tests.helpers import answers_for, help_seeker_urls, step_path

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def without_token(html):
    return TOKEN.sub("", html)


@pytest.mark.django_db
def test_every_first_visit_page_is_served_from_the_cache(program):
    with translation.override("fi"):
        urls = [
            u
            for u in help_seeker_urls(program, "fi")
            if "?" not in u and resolve(u).view_name not in LEFT_OUT
        ]
    for url in urls:
        first = Client().get(url)
        assert first.status_code == 200, url
        with CaptureQueriesContext(connection) as ctx:
            second = Client().get(url)
        assert second.status_code == 200, url
        assert len(ctx.captured_queries) == 0, f"{url} was rendered again"
        one, two = first.content.decode(), second.content.decode()
        assert without_token(one) == without_token(two), url
        # The security headers come from the middleware, cached page or not.
        for header in ("Content-Security-Policy", "X-Frame-Options", "Cache-Control"):
            assert second[header] == first[header], (url, header)
        tokens = TOKEN.findall(two)
        if tokens:
            assert tokens[0] != TOKEN.findall(one)[0], f"{url} reused a token"
            assert "csrftoken" in second.cookies, url


@pytest.mark.django_db
def test_every_help_seeker_page_kind_is_considered(program):
    """A new page kind must be added to PAGES (or deliberately left out)."""
    with translation.override("en"):
        names = {
            resolve(u.split("?")[0]).view_name for u in help_seeker_urls(program, "en")
        }
    assert names <= PAGES | LEFT_OUT, names - PAGES - LEFT_OUT


@pytest.mark.django_db
def test_the_cached_form_posts_with_its_fresh_token(program):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    url = step_path(step, "fi")
    Client().get(url)  # rendered and stored
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(url).content.decode()
    data = {
        **answers_for(step, marker="cached-form"),
        "csrfmiddlewaretoken": TOKEN.search(page).group(1),
    }
    assert visitor.post(url, data).status_code == 302
    # Now the visitor has a journal: their page is their own, not the cache's.
    assert "cached-form" in visitor.get(url).content.decode()
    assert "cached-form" not in Client().get(url).content.decode()


@pytest.mark.django_db
def test_a_query_or_a_message_gets_its_own_page(program):
    Client().get("/en/act-now/")
    eased = Client().get("/en/act-now/?eased=no").content.decode()
    plain = Client().get("/en/act-now/").content.decode()
    assert eased != plain
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    with CaptureQueriesContext(connection) as ctx:
        visitor.get("/en/program/")
    assert len(ctx.captured_queries) > 0, (
        "a visitor with a message is not served the cache"
    )


@pytest.mark.django_db
def test_a_changed_setting_is_not_hidden_by_the_cache(program):
    assert "180" in Client().get("/en/privacy/").content.decode()
    with override_settings(JOURNAL_SAVED_DAYS=91):
        assert "91" in Client().get("/en/privacy/").content.decode()


@pytest.mark.django_db
def test_the_shared_header_and_footer_are_kept_for_a_bounded_number_of_addresses(
    program, monkeypatch
):
    """Made-up addresses still render a page (a 404 with the header): each
    costs one render, and the store of ready-made headers never grows past its
    bound."""
    monkeypatch.setattr(chrome, "MAX_ENTRIES", 6)
    for n in range(40):
        response = Client().get(f"/en/pages/made-up-{n}/")
        assert response.status_code == 404
    assert len(chrome._rendered) <= 6
    # Each page's language menu still points at that page.
    html = Client().get("/fi/pages/made-up-39/").content.decode()
    assert 'href="/en/pages/made-up-39/"' in html
    html = Client().get("/fi/glossary/").content.decode()
    assert 'href="/es/glossary/"' in html
