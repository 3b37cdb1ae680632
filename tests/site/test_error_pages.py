"""Errors a visitor can meet get a page in their language and never a stack
trace: not found, refused, bad request, wrong method, too large, server error,
database down; and no URL, however strange, gives a 500."""

from urllib.parse import quote_from_bytes

import pytest
from django.conf import settings
from django.db import OperationalError
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from modules.content.models import Step
from tests.helpers import answers_for, step_path, still_has_the_saved_answer

ACCEPTABLE = {200, 302, 400, 403, 404, 405, 413, 429}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "title"),
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
    assert "CSRF" not in html
    assert "Traceback" not in html


@pytest.mark.django_db
def test_bad_request_gets_a_translated_page(client):
    response = client.get("/es/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "La solicitud no era válida" in html
    assert "DisallowedHost" not in html
    assert "evil.example" not in html


@pytest.mark.django_db
def test_server_error_gets_a_translated_page_without_details(client, settings):
    settings.ROOT_URLCONF = "tests.site.urls"
    client.raise_request_exception = False
    response = client.get("/fi/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Jokin meni vikaan" in html
    assert "something broke" not in html
    assert "Traceback" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("lang", ["en", "fi"])
def test_wrong_methods_get_a_page_in_the_visitors_language(
    client, program, method, lang
):
    step = Step.objects.filter(stage__track=program).first()
    for path in (
        f"/{lang}/",
        step_path(step, lang),
        f"/{lang}/diary/",
        f"/{lang}/save/",
    ):
        response = client.generic(method, path)
        assert response.status_code == 405, path
        html = response.content.decode()
        assert f'<html lang="{lang}"' in html
        assert response["Allow"]
    if lang != "en":
        assert (
            "This page cannot do that"
            not in client.generic("PUT", f"/{lang}/").content.decode()
        )


@pytest.mark.django_db
def test_too_large_a_request_gets_a_proper_page_and_keeps_the_saved_answer(
    visitor, program
):
    step = Step.objects.filter(stage__track=program, kind="reflection").last()
    big = {f"q_{q.key}": "y" * 3_000_000 for q in step.questions.all()}
    response = visitor.post(step_path(step, "es"), big)
    assert response.status_code == 413
    assert '<html lang="es"' in response.content.decode()
    many = {f"f{i}": "x" for i in range(1500)}
    assert visitor.post("/en/diary/", many).status_code == 413
    still_has_the_saved_answer(visitor, program)


class BrokenDatabase:
    """Every query fails as if the database were locked or gone."""

    def __init__(self, monkeypatch, message="database is locked"):
        from django.db.backends import utils

        def fail(*args, **kwargs):
            raise OperationalError(message)

        monkeypatch.setattr(utils.CursorWrapper, "execute", fail)
        monkeypatch.setattr(utils.CursorWrapper, "executemany", fail)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Please try again shortly"),
        ("fi", "Yritä hetken kuluttua uudelleen"),
        ("es", "Vuelve a intentarlo en un momento"),
    ],
)
def test_database_down_gives_a_translated_503_and_loses_nothing(
    visitor, program, monkeypatch, lang, text
):
    step = Step.objects.filter(stage__track=program, kind="scale").first()
    requests = [
        ("get", f"/{lang}/program/{program.slug}/", None),
        ("post", step_path(step, lang), answers_for(step)),
        ("get", f"/{lang}/diary/", None),
    ]
    with monkeypatch.context() as patch:
        BrokenDatabase(patch)
        visitor.raise_request_exception = False
        for method, path, data in requests:
            response = getattr(visitor, method)(path, data)
            assert response.status_code == 503, path
            assert response["Retry-After"] == "30"
            html = response.content.decode()
            assert text in html
            assert f'<html lang="{lang}"' in html
            assert "locked" not in html
            assert "Traceback" not in html
    still_has_the_saved_answer(visitor, program)


# --- Strange URLs ------------------------------------------------------------------------


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    segments=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=5),
    query=st.text(max_size=60),
)
def test_urls_survive_anything(client, program_loaded, segments, query):
    path = "/" + "/".join(
        quote_from_bytes(s.encode("utf-8", "surrogatepass")) for s in segments
    )
    for prefix in ("", "/en/program/stop", "/fi"):
        response = client.get(
            prefix + path,
            QUERY_STRING=quote_from_bytes(query.encode("utf-8", "surrogatepass")),
        )
        assert response.status_code in ACCEPTABLE | {301}, (
            prefix + path,
            response.status_code,
        )


@pytest.mark.django_db
def test_invalid_percent_encoding_and_huge_urls(client, program_loaded):
    for path in (
        "/en/%ff%fe/",
        "/en/program/%c0%af/",
        "/en/" + "a" * 5000 + "/",
        "/en/program/stop/?saved=%ff",
    ):
        assert client.get(path).status_code in ACCEPTABLE
