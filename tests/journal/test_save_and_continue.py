"""Coming back without an account: save with a code, continue in another
browser, and what a wrong code or too many of them gets."""

import threading

import pytest
from django.conf import settings
from django.test import Client

from modules.journal import codes, throttle
from modules.journal.models import CodeThrottle, Journal
from modules.staff.models import UsageCount
from tests.helpers import answer_one, save_code


@pytest.mark.database
@pytest.mark.django_db
def test_save_then_continue_in_a_new_browser_restores_everything(client, program):
    step, data = answer_one(client, program, "restored")
    client.post(
        "/en/diary/",
        {"strength": "4", "situation": "diary-restored", "did": "", "helped": ""},
    )
    code = save_code(client, "fi")
    assert UsageCount.objects.get(metric="journal_saved").count == 1
    assert Journal.objects.get().is_saved

    fresh = Client()  # the browser was closed: no cookie
    typed = "  " + code.lower().replace("-", "  ") + " "
    response = fresh.post("/es/continue/", {"code": typed})
    assert response.status_code == 302
    summary = fresh.get(
        f"/es/program/{program.slug}/{step.stage.slug}/summary/"
    ).content.decode()
    for value in data.values():
        assert value in summary
    assert "diary-restored" in fresh.get("/es/diary/").content.decode()
    assert Journal.objects.count() == 1, "the unsaved record was moved, not copied"


@pytest.mark.database
@pytest.mark.django_db
def test_a_new_code_retires_the_old_one(client, program):
    answer_one(client, program, "renew")
    old = save_code(client)
    new = save_code(client)
    assert old != new
    assert Journal.objects.count() == 1
    assert Client().post("/en/continue/", {"code": old}).status_code == 400
    assert Client().post("/en/continue/", {"code": new}).status_code == 302


@pytest.mark.django_db
def test_save_page_says_how_long_the_record_lasts(client, program):
    answer_one(client, program, "lasts")
    html = client.post("/en/save/").content.decode()
    assert f"{settings.JOURNAL_SAVED_DAYS} days" in html
    assert "Nobody can recover a lost code" in html


# --- Wrong codes ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "lang", "message"),
    [
        ("", "en", "Please type your code."),
        ("1234", "en", "That does not look like a save code."),
        ("ZZZZ-ZZZZ-ZZZZ-ZZZZ", "en", "No saved progress matches this code."),
    ],
)
def test_wrong_empty_and_malformed_codes_each_get_their_message(
    client, typed, lang, message
):
    response = client.post(f"/{lang}/continue/", {"code": typed})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert typed not in html or not typed


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fi", "es"])
def test_code_messages_are_translated(client, lang):
    html = client.post(f"/{lang}/continue/", {"code": "1234"}).content.decode()
    assert "That does not look like a save code." not in html
    assert "field__error" in html


@pytest.mark.database
@pytest.mark.django_db
def test_the_101st_failed_attempt_in_a_minute_is_refused_politely(client, settings):
    for _ in range(settings.CODE_FAILURES_PER_MINUTE - 1):
        throttle.record_failure()
    # The 100th failure is still checked (and fails)...
    assert (
        client.post("/en/continue/", {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"}).status_code == 400
    )
    assert CodeThrottle.objects.get().failures == settings.CODE_FAILURES_PER_MINUTE
    # ...the 101st is refused before any work is done.
    response = client.post("/en/continue/", {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZY"})
    assert response.status_code == 429
    assert "Please wait a minute and try again." in response.content.decode()


@pytest.mark.django_db
def test_code_checks_wait_for_a_free_slot(monkeypatch, client):
    monkeypatch.setattr(codes, "_kdf_slots", threading.BoundedSemaphore(1))
    codes._kdf_slots.acquire()
    monkeypatch.setattr(codes, "KDF_WAIT_SECONDS", 0.01)
    try:
        response = client.post("/en/continue/", {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"})
    finally:
        codes._kdf_slots.release()
    assert response.status_code == 503
    assert "very busy" in response.content.decode()
