"""The researchers' exports: counts as CSV, everything as JSON, and the
codebook that says what each column and code means. Every count passes the
suppression rule (``disclosure``); written answers only once reviewed."""

import csv
import io
import json

from modules.surveys.disclosure import TOTAL, min_cell
from modules.surveys.results import RESPONSES, reviewed_texts, survey_results

SUPPRESSED = "suppressed"
ALL = "all"
# What a spreadsheet may take for a formula when a cell starts with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _language(row):
    return ALL if row == TOTAL else row


def _count(table, row, column):
    value = table.shown(row, column)
    return SUPPRESSED if value is None else value


def count_rows(survey):
    """One row per (question, answer, language) and the totals, as dicts."""
    until, responses, results = survey_results(survey)
    rows = []
    for lang in [*responses.rows, TOTAL]:
        rows.append(
            {
                "survey": survey.slug,
                "question": RESPONSES,
                "answer": "",
                "language": _language(lang),
                "count": _count(responses, lang, RESPONSES),
                "week_up_to": until.isoformat(),
            }
        )
    for result in results:
        table = result.table
        for lang in [*table.rows, TOTAL]:
            for key in [*table.columns, TOTAL]:
                rows.append(
                    {
                        "survey": survey.slug,
                        "question": result.question.key,
                        "answer": "n" if key == TOTAL else key,
                        "language": _language(lang),
                        "count": _count(table, lang, key),
                        "week_up_to": until.isoformat(),
                    }
                )
    return rows


COLUMNS = ("survey", "question", "answer", "language", "count", "week_up_to")


def codebook(survey):
    """What the export's columns and codes mean."""
    _until, _responses, results = survey_results(survey)
    return {
        "columns": {
            "survey": "The survey's slug.",
            "question": (
                f"A question's key, or '{RESPONSES}' for the number of people who "
                "sent the survey."
            ),
            "answer": (
                "The answer's code (see questions below), or 'n' for the number of "
                "people who answered the question. For a pick-any question the "
                "answers' counts add up to more than n."
            ),
            "language": f"The page's language code, or '{ALL}' for every language.",
            "count": (
                f"How many; '{SUPPRESSED}' where the figure is withheld by the "
                "suppression rule."
            ),
            "week_up_to": (
                "Answers are counted up to the end of the ISO week starting on this "
                "Monday; the current week is never counted."
            ),
        },
        "suppression": {
            "k": min_cell(),
            "rule": (
                "Counts from 1 to k-1 are withheld, and a row or column with fewer "
                "than k answers in all is withheld whole. Further figures are "
                "withheld until every row and column with its total has none or at "
                "least two withheld, and no withheld figure follows exactly from "
                "the published ones by any sum."
            ),
        },
        "questions": [
            {
                "key": result.question.key,
                "text": result.question.text,
                "kind": result.question.input,
                "optional": result.question.is_optional,
                "asked_only_if": (
                    f"{result.question.show_if.question.key}="
                    f"{result.question.show_if.key}"
                    if result.question.show_if_id
                    else None
                ),
                "answers": [
                    {"code": key, "label": str(label)} for key, label in result.options
                ],
            }
            for result in results
        ],
        "written_answers": (
            "Only answers a researcher has reviewed, by question, in alphabetical "
            "order, without language or week."
        ),
    }


def as_csv(survey) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in count_rows(survey):
        writer.writerow([csv_safe(row[column]) for column in COLUMNS])
    return out.getvalue()


def codebook_csv(survey) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["question", "kind", "text", "answer", "label", "asked_only_if"])
    for question in codebook(survey)["questions"]:
        for answer in question["answers"]:
            writer.writerow(
                [
                    csv_safe(value)
                    for value in (
                        question["key"],
                        question["kind"],
                        question["text"],
                        answer["code"],
                        answer["label"],
                        question["asked_only_if"] or "",
                    )
                ]
            )
    return out.getvalue()


def as_json(survey) -> str:
    return json.dumps(
        {
            "survey": survey.slug,
            "title": survey.title,
            "codebook": codebook(survey),
            "counts": count_rows(survey),
            "written_answers": reviewed_texts(survey),
        },
        ensure_ascii=False,
        indent=2,
    )
