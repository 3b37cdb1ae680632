"""Fixtures for the surveys' tests."""

import pytest

from modules.content.models import Question
from modules.surveys.models import Survey, SurveyChoice, SurveyQuestion
from modules.translations import live


@pytest.fixture
def survey(db):
    """A small published survey: a pick-one question, a rating asked only of
    those who picked "yes", and a written answer."""
    survey = Survey.objects.create(
        slug="probe",
        title="A probe survey",
        intro="Some words first.",
        consent="Taking part is up to you.",
        allows_free_text=True,
        is_published=True,
    )
    tried = SurveyQuestion.objects.create(
        survey=survey,
        key="tried",
        position=0,
        input=Question.Input.SINGLE,
        text="Have you tried to stop?",
    )
    yes = SurveyChoice.objects.create(question=tried, key="yes", text="Yes")
    SurveyChoice.objects.create(question=tried, key="no", text="No", position=1)
    SurveyQuestion.objects.create(
        survey=survey,
        key="how_hard",
        position=1,
        input=Question.Input.RATING,
        text="How hard was it?",
        show_if=yes,
    )
    SurveyQuestion.objects.create(
        survey=survey,
        key="words",
        position=2,
        input=Question.Input.TEXT,
        text="Anything else?",
        prefer_not_to_say=False,
    )
    return survey


@pytest.fixture
def surveys(program):
    """The default program with its three default surveys."""
    from django.core.management import call_command

    if not Survey.objects.exists():
        # Loaded with the program for the session (tests/conftest.py); a test
        # that committed flushed them.
        call_command("loadsurveys", verbosity=0)
        # As `make setup` does after loading: the release's catalogues are
        # merged into the live ones, now that the surveys' text is on the site.
        call_command("mergecatalogues", verbosity=0)
        live.expire()
    return {s.slug: s for s in Survey.objects.all()}
