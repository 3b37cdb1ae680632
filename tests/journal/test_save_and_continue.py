"""Coming back without an account: save with a code, continue in another
browser, what a lost response leaves working, and what a wrong code, many
wrong codes or a busy server gets."""

import contextlib

import pytest
from django.conf import settings
from django.test import Client

from modules.journal import codes, throttle
from modules.journal.models import Journal
from modules.staff.models import UsageCount
from tests.helpers import TRANSLATED, answer_one, save_code


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
    assert Journal.objects.filter(is_saved=True).count() == 1

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
def test_a_new_code_retires_the_old_one_once_the_browser_has_it(client, program):
    answer_one(client, program, "renew")
    old = save_code(client)
    new = save_code(client)
    assert old != new
    # The browser comes back with the new cookie: the old code is done.
    assert client.get("/en/program/").status_code == 200
    assert Journal.objects.count() == 1
    assert Client().post("/en/continue/", {"code": old}).status_code == 400
    assert Client().post("/en/continue/", {"code": new}).status_code == 302


@pytest.mark.database
@pytest.mark.django_db
def test_using_the_new_code_retires_the_old_one(client, program):
    answer_one(client, program, "renew-elsewhere")
    old = save_code(client)
    client.get("/en/program/")
    new = save_code(client)  # written down, then the browser is closed at once
    assert Client().post("/en/continue/", {"code": new}).status_code == 302
    assert Client().post("/en/continue/", {"code": old}).status_code == 400
    assert not Journal.objects.exclude(replaces="").exists(), "no link is kept"


# --- A response that never arrives ----------------------------------------------


def summary_text(client, step):
    stage = step.stage
    return client.get(
        f"/en/program/{stage.track.slug}/{stage.slug}/summary/"
    ).content.decode()


@pytest.mark.database
@pytest.mark.django_db
def test_a_lost_save_response_leaves_the_journal_working(client, program):
    step, data = answer_one(client, program, "lost-save")
    cookie = client.cookies["journal"].value
    assert client.post("/en/save/").status_code == 200
    client.cookies["journal"] = cookie  # the circuit dropped: no code, no new cookie
    summary = summary_text(client, step)
    for value in data.values():
        assert value in summary
    assert "We could not open your earlier answers" not in summary
    # Saving again works, and the code then brings everything back.
    code = save_code(client)
    client.get("/en/program/")
    fresh = Client()
    assert fresh.post("/en/continue/", {"code": code}).status_code == 302
    for value in data.values():
        assert value in summary_text(fresh, step)


@pytest.mark.database
@pytest.mark.django_db
def test_a_lost_new_code_leaves_the_old_code_and_cookie_working(client, program):
    step, data = answer_one(client, program, "lost-renew")
    old = save_code(client)
    client.get("/en/program/")
    cookie = client.cookies["journal"].value
    assert client.post("/en/save/").status_code == 200
    client.cookies["journal"] = cookie  # the new code never arrived
    for value in data.values():
        assert value in summary_text(client, step)
    elsewhere = Client()
    assert elsewhere.post("/en/continue/", {"code": old}).status_code == 302
    for value in data.values():
        assert value in summary_text(elsewhere, step)


# --- Nothing to save ----------------------------------------------------------------


@pytest.mark.database
@pytest.mark.django_db
def test_saving_before_doing_anything_is_refused_without_slow_work(client, monkeypatch):
    def no_derivation(symbols):
        raise AssertionError("a code was derived for an empty journal")

    monkeypatch.setattr(codes, "derive", no_derivation)
    explained = "There is nothing to save yet."
    page = client.get("/en/save/").content.decode()
    assert explained in page
    assert "Save and show my code" not in page
    response = client.post("/en/save/")
    assert response.status_code == 400
    html = response.content.decode()
    assert explained in html
    assert 'role="alert"' in html
    assert 'href="/en/program/"' in html, "the page points to the program"
    assert 'class="save-code"' not in html
    assert not Journal.objects.exists()
    assert "journal" not in response.cookies


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
    # What was typed comes back, so a typo can be seen and corrected.
    assert f'name="code" value="{typed}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("lang", TRANSLATED)
def test_code_messages_are_translated(client, lang):
    html = client.post(f"/{lang}/continue/", {"code": "1234"}).content.decode()
    assert "That does not look like a save code." not in html
    assert "field__error" in html


@pytest.fixture
def cheap_kdf(monkeypatch):
    """Argon2id at its cheapest, so a test can check many codes quickly."""
    monkeypatch.setattr(codes, "ARGON2_TIME_COST", 1)
    monkeypatch.setattr(codes, "ARGON2_MEMORY_KIB", 8)


@pytest.mark.database
@pytest.mark.django_db
def test_many_wrong_codes_never_lock_out_the_right_one(client, program, cheap_kdf):
    answer_one(client, program, "mine")
    code = save_code(client)
    guesser = Client()
    for _ in range(150):
        wrong = guesser.post("/en/continue/", {"code": codes.generate()})
        assert wrong.status_code == 400
        assert "No saved progress matches this code." in wrong.content.decode()
    assert Client().post("/en/continue/", {"code": code}).status_code == 302


@pytest.mark.django_db
def test_code_checks_wait_for_a_free_slot_then_ask_to_try_again(
    client, program, settings, tmp_path, monkeypatch
):
    settings.CODE_KDF_LOCK_DIR = tmp_path
    monkeypatch.setattr(codes, "KDF_WAIT_SECONDS", 0.2)
    answer_one(client, program, "busy")
    with contextlib.ExitStack() as taken:
        for _ in range(settings.CODE_KDF_CONCURRENCY):
            taken.enter_context(throttle.kdf_slot(0))
        checking = client.post(
            "/en/continue/", {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "choice": "saved"}
        )
        saving = client.post("/en/save/")
    for response in (checking, saving):
        assert response.status_code == 503
        assert "very busy" in response.content.decode()
    # Once a slot is free again, codes are checked and saved as usual.
    wrong = {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "choice": "saved"}
    assert client.post("/en/continue/", wrong).status_code == 400
    assert save_code(client)
