"""Storing survey answers, and remembering in a visitor's own journal that a
survey was answered or skipped."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from modules.content.models import Question
from modules.journal.models import today
from modules.surveys.forms import DECLINED
from modules.surveys.models import Answer, ResponseCount

# Where a visitor's journal keeps the surveys it has met: {survey uuid: status}.
JOURNAL_KEY = "surveys"
ANSWERED, SKIPPED = "answered", "skipped"


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s ISO week: the only time an answer keeps."""
    return day - datetime.timedelta(days=day.weekday())


def _answer_row(question, value, *, language, week):
    row = Answer(question=question, language=language, week=week)
    if value == DECLINED:
        row.declined = True
    elif question.input == Question.Input.RATING:
        row.rating = value
    elif question.input == Question.Input.TEXT:
        row.text = value
    else:
        row.choices = sorted(value)
    return row


@transaction.atomic
def answers_store(*, survey, answers, language: str) -> int:
    """Store each answer as a row of its own and count one response.

    Nothing passed in or stored says who answered, or which rows were sent
    together. Written answers are kept only if the survey keeps them.
    """
    week = week_of(today())
    rows = [
        _answer_row(question, value, language=language, week=week)
        for question, value in answers
        if question.input != Question.Input.TEXT or survey.allows_free_text
    ]
    for row in rows:
        row.full_clean()
    Answer.objects.bulk_create(rows)
    _count_response(survey, language, week)
    return len(rows)


def _count_response(survey, language, week):
    counts = ResponseCount.objects.filter(survey=survey, language=language, week=week)
    if counts.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            ResponseCount.objects.create(
                survey=survey, language=language, week=week, count=1
            )
    except IntegrityError:
        counts.update(count=F("count") + 1)


def journal_status(journal_data, survey):
    """ "answered", "skipped", or None if this journal has not met the survey."""
    return journal_data.get(JOURNAL_KEY, {}).get(str(survey.uuid))


def journal_remember(journal, survey, status):
    """Note in the visitor's encrypted journal that they answered or skipped
    ``survey`` (only that: never which answers, nor any id of the rows)."""
    with journal.changing() as data:
        data.setdefault(JOURNAL_KEY, {})[str(survey.uuid)] = status
