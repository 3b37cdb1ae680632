"""What researchers see and export: results by survey and language, over
completed weeks only, with small counts withheld so that no subtraction
from any total gives them back; written answers only once reviewed; and the
outcome figure on the dashboard."""

import csv
import datetime
import io
import json

import pytest
from django.test import Client

from modules.journal.models import today
from modules.surveys.disclosure import last_completed_week
from modules.surveys.models import Answer
from tests.helpers import member_of, sign_in_staff
from tests.surveys.attack import subtraction_attack

LAST_WEEK = last_completed_week(today())
THIS_WEEK = LAST_WEEK + datetime.timedelta(weeks=1)


def add_answers(question, language, key, number, *, week=LAST_WEEK, **fields):
    Answer.objects.bulk_create(
        Answer(question=question, language=language, week=week, choices=[key], **fields)
        for _ in range(number)
    )


@pytest.fixture
def researcher(db):
    return sign_in_staff(Client(), member_of("Researchers", "researcher"))


@pytest.fixture
def use_change(surveys):
    """The outcome question, with a cell of 3 (English, "stopped")."""
    question = surveys["end-of-program"].questions.get(key="use_change")
    for language, counts in {
        "en": {"stopped": 3, "decreased": 20, "same": 15},
        "fi": {"stopped": 12, "decreased": 11, "same": 10},
        "es": {"stopped": 30, "decreased": 25, "same": 14},
    }.items():
        for key, number in counts.items():
            add_answers(question, language, key, number)
    return question


def published(researcher, slug="end-of-program"):
    """The export's counts of the outcome question: {(language, answer): count}."""
    response = researcher.get(f"/admin/survey-results/{slug}/results.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    return {
        (row["language"], row["answer"]): row["count"]
        for row in rows
        if row["question"] == "use_change"
    }


def attack(figures):
    """The subtraction attack on the export's figures of one question."""
    rows = sorted({lang for lang, _answer in figures} - {"all"})
    columns = sorted({answer for _lang, answer in figures} - {"n"})
    parsed = {
        cell: None if value == "suppressed" else int(value)
        for cell, value in figures.items()
    }
    return subtraction_attack(parsed, rows, columns)


def test_the_export_withholds_a_cell_of_3_and_its_complements(use_change, researcher):
    figures = published(researcher)
    assert figures[("en", "stopped")] == "suppressed"
    # Its row and its column each withhold at least one more figure...
    assert (
        sum(v == "suppressed" for (lang, _a), v in figures.items() if lang == "en") >= 2
    )
    assert (
        sum(v == "suppressed" for (_l, a), v in figures.items() if a == "stopped") >= 2
    )
    # ...so that no subtraction from any total, row or column, repeated with
    # whatever it gives away, recovers any withheld figure.
    assert attack(figures) == {}
    # Figures that are shown are the true counts.
    assert figures[("all", "n")] == "140"


def test_the_export_without_suppression_would_have_given_the_3_away(use_change):
    """The attack works: on the raw table it finds the cell of 3."""
    raw = {
        (lang, a): str(Answer.objects.filter(language=lang, choices=[a]).count())
        for lang in ("en", "fi", "es")
        for a in ("stopped", "decreased", "same")
    }
    raw.update(
        {
            (lang, "n"): str(Answer.objects.filter(language=lang).count())
            for lang in ("en", "fi", "es")
        }
    )
    raw[("en", "stopped")] = "suppressed"
    assert attack(raw) == {("en", "stopped"): 3}


def test_answers_of_the_current_week_are_not_counted(use_change, researcher):
    add_answers(use_change, "en", "same", 50, week=THIS_WEEK)
    assert published(researcher)[("en", "same")] in ("15", "suppressed")


def test_the_results_page_shows_charts_and_tables_by_language(use_change, researcher):
    html = researcher.get(
        "/admin/survey-results/end-of-program/?lang=fi"
    ).content.decode()
    assert "<svg" in html
    assert "withheld" in html
    assert (
        researcher.get("/admin/survey-results/end-of-program/?lang=xx").status_code
        == 404
    )


def test_only_researchers_see_results(use_change, db):
    editor = sign_in_staff(Client(), member_of("Editors", "editor"))
    assert editor.get("/admin/survey-results/end-of-program/").status_code == 403
    assert (
        editor.get("/admin/survey-results/end-of-program/results.json").status_code
        == 403
    )


def test_written_answers_are_exported_only_once_reviewed(surveys, researcher):
    question = surveys["end-of-program"].questions.get(key="what_to_change")
    Answer.objects.create(
        question=question, language="en", week=LAST_WEEK, text="Not read yet"
    )
    Answer.objects.create(
        question=question,
        language="fi",
        week=LAST_WEEK,
        text="Luettu",
        is_reviewed=True,
    )
    data = json.loads(
        researcher.get("/admin/survey-results/end-of-program/results.json").content
    )
    assert data["written_answers"] == {"what_to_change": ["Luettu"]}
    assert "Not read yet" not in json.dumps(data)


def test_the_codebook_names_every_question_and_code(surveys, researcher):
    data = json.loads(
        researcher.get("/admin/survey-results/first-contact/results.json").content
    )
    codebook = data["codebook"]
    assert codebook["suppression"]["k"] == 10
    questions = {q["key"]: q for q in codebook["questions"]}
    assert questions["longest_stop"]["asked_only_if"] == "tried_to_stop=yes"
    codes = [a["code"] for a in questions["frequency"]["answers"]]
    assert codes[-1] == "__declined__"
    book = researcher.get("/admin/survey-results/first-contact/codebook.csv")
    assert "tried_to_stop" in book.content.decode()


def test_the_dashboard_shows_the_outcome_with_its_n_and_rule(use_change, researcher):
    html = researcher.get("/admin/dashboard/").content.decode()
    # stopped or decreased: 3 + 20 + 12 + 11 + 30 + 25 = 101 of 140
    assert "72% of 140 respondents" in html
    assert "at least 10 people gave each kind of answer" in html


def test_the_outcome_is_withheld_when_a_side_is_small(surveys, researcher):
    question = surveys["end-of-program"].questions.get(key="use_change")
    add_answers(question, "en", "stopped", 30)
    add_answers(question, "en", "same", 4)
    html = researcher.get("/admin/dashboard/").content.decode()
    assert "% of 34" not in html
    assert (
        "Not shown: the share would reveal fewer than 10 respondents (34 answered)"
        in html
    )
