"""The journal is encrypted at rest: neither answers nor the save code are ever
stored, logged or sent back in a readable form, and a tampered cookie opens
nothing."""

import pytest
from django.db import connection
from django.test import Client

from modules.content.models import Step
from modules.journal.models import Journal
from tests.helpers import answers_for, save_code, step_path, stored_database_bytes


@pytest.mark.database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_answers_are_never_stored_in_plain_text(client, program):
    answer = "Marmalade-Okapi-Answer-93817"
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    data = answers_for(step)
    data[f"q_{step.questions.first().key}"] = answer
    assert client.post(step_path(step), data).status_code == 302
    client.post(
        "/en/diary/",
        {"strength": "6", "situation": answer + "-diary", "did": "", "helped": ""},
    )
    assert Journal.objects.count() == 1
    record = Journal.objects.get()
    assert answer.encode() not in bytes(record.ciphertext)
    if connection.vendor == "sqlite":
        connection.close()  # everything written is now in the file or its WAL
        stored = stored_database_bytes()
        assert len(stored) > 100_000, "the database file was read"
        assert answer.encode() not in stored
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT encode(ciphertext, 'escape') FROM journal_journal")
            assert all(answer not in row[0] for row in cursor.fetchall())
    # And the visitor still reads it back.
    assert (
        answer
        in client.get(
            f"/en/program/{program.slug}/{step.stage.slug}/summary/"
        ).content.decode()
    )


@pytest.mark.database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_code_and_answer_leave_no_trace_in_database_logs_or_cookies(
    client, program, captured_logs
):
    answer = "Pangolin-Lantern-Answer-55102"
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    data = answers_for(step)
    data[f"q_{step.questions.first().key}"] = answer
    client.post(step_path(step), data)
    code = save_code(client)
    symbols = code.replace("-", "")
    fresh = Client()
    fresh.post("/en/continue/", {"code": code.lower()})
    fresh.post("/en/continue/", {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"})

    whole = [answer, symbols, code]
    groups = [symbols[i : i + 4] for i in range(0, 16, 4)]
    cookies = " ".join(
        f"{m.key}={m.value}" for c in (client, fresh) for m in c.cookies.values()
    )
    logged = captured_logs.text
    if connection.vendor == "sqlite":
        connection.close()  # everything written is now in the file or its WAL
        stored = stored_database_bytes()
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT lookup, encode(ciphertext, 'hex') FROM journal_journal"
            )
            stored = repr(cursor.fetchall()).encode()
    for piece in whole:
        assert piece.encode() not in stored, piece
        assert piece.lower().encode() not in stored, piece
    # Even a quarter of the code appears nowhere in what is logged or sent back.
    # (Not checked in the raw database file, where any four characters can
    # occur by chance inside UUIDs and ciphertext.)
    for piece in whole + groups:
        assert piece not in logged, piece
        assert piece not in cookies, piece
        assert piece.lower() not in cookies, piece


@pytest.mark.django_db
def test_tampered_cookie_starts_a_fresh_journal_with_an_explanation(client, program):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    client.post(step_path(step), answers_for(step))
    good = client.cookies["journal"].value
    client.cookies["journal"] = good[:-4] + (
        "AAAA" if not good.endswith("AAAA") else "BBBB"
    )
    response = client.get(f"/fi/program/{program.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "notice--error" in html
    assert response.cookies["journal"]["max-age"] == 0
    client.cookies["journal"] = "not base64 at all!!"
    assert client.get("/en/program/").status_code == 200
