"""What the site leaves in the visitor's browser: cookies that end with the
browser session, no form history of what they typed, and nothing carrying
their data kept in the browser's cache."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings

from modules.content.models import Question, Step
from tests.helpers import answers_for, step_path

TEXT_TYPES = {"text", "search", "email", "tel", "url", "number", ""}


def fields_without_autocomplete_off(html):
    """Text inputs and text areas the browser may remember what was typed in."""
    found = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            typed = tag == "textarea" or (
                tag == "input" and (attrs.get("type") or "").lower() in TEXT_TYPES
            )
            if typed and attrs.get("autocomplete") != "off":
                found.append(attrs.get("name"))

    Finder().feed(html)
    return found


@pytest.mark.django_db
def test_the_csrf_cookie_ends_with_the_browser_session(client, program):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    response = client.get(step_path(step))
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie.value
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""


@pytest.mark.django_db
def test_answers_and_something_else_fields_are_not_remembered_by_the_browser(
    client, program
):
    reflection = Step.objects.filter(stage__track=program, kind="reflection").first()
    other = Step.objects.filter(
        stage__track=program, questions__allow_other=True
    ).first()
    assert other.questions.filter(input=Question.Input.MULTIPLE).exists() or (
        other.questions.filter(input=Question.Input.SINGLE).exists()
    )
    for step in (reflection, other):
        html = client.get(step_path(step)).content.decode()
        assert "<textarea" in html or 'type="text"' in html, step
        assert fields_without_autocomplete_off(html) == [], step
    # Also when the page comes back with the visitor's answers in it.
    data = answers_for(other, marker="typed")
    assert client.post(step_path(other), data).status_code == 302
    html = client.get(step_path(other)).content.decode()
    assert "typed-other" in html
    assert fields_without_autocomplete_off(html) == []


@pytest.mark.django_db
def test_the_continue_code_field_is_not_remembered(client):
    html = client.get("/en/continue/").content.decode()
    assert 'name="code"' in html
    assert fields_without_autocomplete_off(html) == []


@pytest.mark.django_db
def test_the_diary_fields_are_not_remembered(client):
    html = client.get("/en/diary/").content.decode()
    assert "<textarea" in html
    assert fields_without_autocomplete_off(html) == []


@pytest.mark.django_db
def test_nothing_but_static_files_may_be_stored_by_the_browser(client, program):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    assert client.post(step_path(step), answers_for(step)).status_code == 302
    workbook = client.get("/en/plan/workbook/")
    assert workbook.status_code == 200
    assert workbook["Content-Type"].startswith("text/plain")
    assert workbook["Cache-Control"] == "no-store"
    redirect = client.post(step_path(step), answers_for(step))
    assert redirect.status_code == 302
    assert redirect["Cache-Control"] == "no-store"
    for path in ("/robots.txt", "/en/", "/en/no-such-page/", "/"):
        assert client.get(path)["Cache-Control"] == "no-store", path
    # Hashed static files are the same for everyone and cached for a year.
    html = client.get("/en/").content.decode()
    css = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    assert "immutable" in client.get(css)["Cache-Control"]
