"""No stored survey answer can be tied to a visitor, a journal, a cookie or
to the other answers sent with it. These tests try to link two people's
answers by every stored field, and fail to."""

import uuid

import pytest
from django.db import connection
from django.test import Client

from modules.journal.session import COOKIE_NAME
from modules.surveys.models import Answer, ResponseCount

# What an answer says (which question, what was picked or written): it
# differs between two people by nature, and says nothing about who they are.
CONTENT_FIELDS = {"question", "choices", "rating", "declined", "text", "is_reviewed"}


def send(client, url, answers):
    """Send a survey and return the answer rows it added."""
    before = set(Answer.objects.values_list("id", flat=True))
    form = {"csrfmiddlewaretoken": client.cookies.get("csrftoken", "")}
    response = client.post(url, {**answers, **form})
    assert response.status_code == 302, response.content.decode()[:2000]
    return list(Answer.objects.exclude(id__in=before))


ANSWERS_A = {
    "q_use_change": "stopped",
    "q_helped_most": ["plan", "coping"],
    "q_usefulness": "9",
    "q_recommend": "yes",
    "q_what_to_change": "More examples.",
}
ANSWERS_B = {
    "q_use_change": "same",
    "q_helped_most": ["diary"],
    "q_usefulness": "4",
    "q_recommend": "__declined__",
    "q_what_to_change": "Nothing.",
}


def test_no_stored_field_tells_one_persons_answers_from_anothers(surveys):
    first = send(Client(), "/en/survey/end-of-program/", ANSWERS_A)
    second = send(Client(), "/en/survey/end-of-program/", ANSWERS_B)
    assert len(first) == len(second) == 5
    for field in Answer._meta.concrete_fields:
        if field.name in CONTENT_FIELDS or field.primary_key:
            continue
        values_first = {getattr(row, field.attname) for row in first}
        values_second = {getattr(row, field.attname) for row in second}
        # Every row of both people carries the same value: the field cannot
        # sort them into two groups.
        assert values_first == values_second, field.name
        assert len(values_first) == 1, field.name


def test_the_keys_are_random_and_not_shared_by_one_persons_answers(surveys):
    rows = send(Client(), "/en/survey/end-of-program/", ANSWERS_A)
    ids = [row.id for row in rows]
    assert all(isinstance(i, uuid.UUID) and i.version == 4 for i in ids)
    # No 'response' key, time of day or sequence to group them by.
    names = {field.name for field in Answer._meta.concrete_fields}
    assert names == {"id", "language", "week"} | CONTENT_FIELDS
    assert all(row.week.weekday() == 0 for row in rows)  # a Monday: the week only


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's rowid")
def test_the_answers_table_keeps_no_insertion_order(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type='table' AND name='surveys_answer'"
        )
        assert "WITHOUT ROWID" in cursor.fetchone()[0].upper()


def test_an_answer_in_a_track_leaves_no_trace_between_journal_and_answers(
    surveys, program
):
    client = Client()
    client.get("/en/survey/end-of-program/in-program/")  # the CSRF cookie
    rows = send(client, "/en/survey/end-of-program/in-program/", ANSWERS_A)
    response = client.get("/en/survey/end-of-program/in-program/")
    journal = response.wsgi_request.journal.data
    cookie = client.cookies[COOKIE_NAME].value
    # The journal knows only that the survey was answered...
    assert journal["surveys"] == {str(surveys["end-of-program"].uuid): "answered"}
    # ...and holds no key of the rows; the rows hold nothing of the journal.
    flat = repr(journal)
    for row in rows:
        assert str(row.id) not in flat
        assert str(row.id.hex) not in flat
        for field in Answer._meta.concrete_fields:
            value = str(getattr(row, field.attname))
            assert cookie not in value


def test_the_response_count_is_a_count_and_nothing_else(surveys):
    send(Client(), "/en/survey/end-of-program/", ANSWERS_A)
    send(Client(), "/en/survey/end-of-program/", ANSWERS_B)
    (count,) = ResponseCount.objects.all()
    assert count.count == 2
    names = {field.name for field in ResponseCount._meta.concrete_fields}
    assert names == {"id", "survey", "language", "week", "count"}
