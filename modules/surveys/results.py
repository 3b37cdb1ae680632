"""Survey results for researchers: per survey, question and language, over
completed weeks only, with the suppression rule of ``disclosure`` applied.
The results page, the CSV and JSON exports and the dashboard's outcome
figure all read from here, so they show the same figures."""

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from modules.content.models import Question
from modules.journal.models import today
from modules.surveys.disclosure import (
    TOTAL,
    Table,
    is_small,
    last_completed_week,
    min_cell,
    suppress,
)
from modules.surveys.forms import DECLINED
from modules.surveys.models import Answer, ResponseCount, SurveyQuestion

RESPONSES = "responses"


def languages():
    return [code for code, _name in settings.LANGUAGES]


def options(question):
    """``(key, label)`` for each answer a question can get, in order."""
    if question.input == Question.Input.RATING:
        found = [(str(n), str(n)) for n in range(11)]
    elif question.input == Question.Input.TEXT:
        found = [("written", _("Wrote an answer"))]
    else:
        found = [(c.key, c.text) for c in question.choices.all()]
    if question.prefer_not_to_say:
        found.append((DECLINED, _("Prefer not to say")))
    return found


def _keys_of(answer, question):
    if answer.declined:
        return [DECLINED]
    if question.input == Question.Input.RATING:
        return [str(answer.rating)]
    if question.input == Question.Input.TEXT:
        return ["written"]
    return list(answer.choices)


@dataclass
class QuestionResult:
    question: SurveyQuestion
    options: list
    table: Table


def question_table(question, until):
    """The suppressed table of ``question``'s answers by language."""
    langs = languages()
    counts, totals = Counter(), Counter()
    for answer in Answer.objects.filter(question=question, week__lte=until):
        totals[answer.language] += 1
        for key in _keys_of(answer, question):
            counts[(answer.language, key)] += 1
    table = Table(
        rows=langs,
        columns=[key for key, _label in options(question)],
        counts=dict(counts),
        row_totals={lang: totals[lang] for lang in langs},
        rows_add_up=question.input != Question.Input.MULTIPLE,
    )
    return suppress(table)


def responses_table(survey, until):
    """How many sent the survey, by language (a one-column table)."""
    langs = languages()
    totals = Counter()
    for row in ResponseCount.objects.filter(survey=survey, week__lte=until):
        totals[row.language] += row.count
    table = Table(
        rows=langs,
        columns=[RESPONSES],
        counts={(lang, RESPONSES): totals[lang] for lang in langs},
        row_totals={lang: totals[lang] for lang in langs},
    )
    return suppress(table)


def survey_results(survey, until=None):
    """``(last week counted, responses table, [QuestionResult])``."""
    until = until or last_completed_week(today())
    questions = survey.questions.prefetch_related("choices")
    return (
        until,
        responses_table(survey, until),
        [QuestionResult(q, options(q), question_table(q, until)) for q in questions],
    )


def reviewed_texts(survey, until=None):
    """Reviewed written answers, by question key, without language or week
    (a written answer with its week and language would be easier to trace),
    in alphabetical order (never the order they were written in)."""
    until = until or last_completed_week(today())
    texts = {}
    for answer in (
        Answer.objects.filter(
            question__survey=survey, is_reviewed=True, week__lte=until
        )
        .exclude(text="")
        .select_related("question")
    ):
        texts.setdefault(answer.question.key, []).append(answer.text)
    return {key: sorted(values) for key, values in texts.items()}


@dataclass
class Outcome:
    """The share of end-of-program respondents reporting decreased or stopped
    use: shown only when both it and its complement are at least k."""

    n: int | None
    share: float | None
    k: int
    until: object

    @property
    def percent(self):
        return None if self.share is None else round(self.share * 100)


def outcome(until=None):
    """The outcome figure over every question with an "improvement" choice."""
    until = until or last_completed_week(today())
    k = min_cell()
    improved = total = 0
    questions = SurveyQuestion.objects.filter(
        choices__is_improvement=True, survey__is_published=True
    ).distinct()
    for question in questions.prefetch_related("choices"):
        good = {c.key for c in question.choices.all() if c.is_improvement}
        answers = Answer.objects.filter(
            question=question, week__lte=until, declined=False
        )
        for answer in answers:
            total += 1
            improved += bool(good & set(answer.choices))
    if total < k:
        return Outcome(n=None, share=None, k=k, until=until)
    if is_small(improved, k) or is_small(total - improved, k):
        return Outcome(n=total, share=None, k=k, until=until)
    return Outcome(n=total, share=improved / total, k=k, until=until)


__all__ = ["TOTAL", "outcome", "reviewed_texts", "survey_results"]
