"""Surveys are program content kept in their own app: their text reaches the
translators' catalogues through the content registry's hook, every change
is kept in history, editors may edit them, and skip rules point backwards."""

import datetime

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client

from modules.content.registry import CATALOGUE_SOURCES, register_catalogue_source
from modules.surveys.catalogue import survey_entries
from modules.surveys.models import Answer, Survey, SurveyChoice, SurveyQuestion
from modules.translations import store, sync
from tests.helpers import member_of, sign_in_staff


def test_every_survey_text_is_among_the_content_entries(survey):
    contexts = {context for context, _text, _where in sync.content_entries()}
    question = survey.questions.get(key="tried")
    choice = question.choices.get(key="yes")
    assert survey.translation_context("title") in contexts
    assert survey.translation_context("consent") in contexts
    assert question.translation_context("text") in contexts
    assert choice.translation_context("text") in contexts
    assert f"surveyquestion:{question.uuid}:text" in contexts


def test_exporting_the_catalogues_writes_survey_text_into_content_po(
    survey, locale_copy
):
    sync.export_catalogue("fi")
    po = store.load("fi")
    entry = po.find(survey.translation_context("title"), by="msgctxt")
    assert entry is not None
    assert entry.msgid == "A probe survey"
    assert 'Survey "probe"' in entry.comment


def test_a_catalogue_source_registered_twice_is_walked_once(survey):
    register_catalogue_source(survey_entries)
    assert CATALOGUE_SOURCES.count(survey_entries) == 1
    contexts = [context for context, _text, _where in sync.content_entries()]
    assert contexts.count(survey.translation_context("title")) == 1


@pytest.mark.parametrize("model", [Survey, SurveyQuestion, SurveyChoice])
def test_surveys_have_history_and_editors_may_edit_them(model, db):
    assert reversion.is_registered(model)
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(
        codename=f"change_{model._meta.model_name}"
    ).exists()


def test_researchers_may_see_results_and_review_written_answers(db):
    researchers = Group.objects.get(name="Researchers")
    codenames = set(researchers.permissions.values_list("codename", flat=True))
    assert {"view_results", "review_text"} <= codenames
    assert "change_survey" not in codenames


def test_a_skip_rule_must_name_a_choice_of_an_earlier_question(survey):
    later = survey.questions.get(key="words")
    first = survey.questions.get(key="tried")
    first.show_if = SurveyChoice.objects.create(question=later, key="x", text="X")
    with pytest.raises(ValidationError):
        first.clean()
    later.show_if = first.choices.get(key="yes")
    later.clean()


def test_a_survey_offered_in_a_track_must_name_the_track(db):
    survey = Survey(slug="s", title="S", offer_at=Survey.Offer.END)
    with pytest.raises(ValidationError):
        survey.clean()


def test_editors_build_surveys_in_the_admin_and_preview_drafts(survey):
    editor = sign_in_staff(Client(), member_of("Editors", "editor"))
    assert editor.get("/admin/surveys/survey/add/").status_code == 200
    page = editor.get(f"/admin/surveys/survey/{survey.pk}/change/")
    assert page.status_code == 200
    assert "Have you tried to stop?" in page.content.decode()
    survey.is_published = False
    survey.save()
    assert Client().get("/en/survey/probe/").status_code == 404
    preview = editor.get("/en/survey/probe/")
    assert "Draft: only staff can see this survey" in preview.content.decode()
    editor.post("/en/survey/probe/", {"q_tried": "no"})
    assert not Answer.objects.exists()


def test_researchers_review_written_answers_in_the_admin(survey):
    question = survey.questions.get(key="words")
    Answer.objects.create(
        question=question, language="en", week=datetime.date(2026, 1, 5), text="Hi"
    )
    researcher = sign_in_staff(Client(), member_of("Researchers", "researcher"))
    listing = researcher.get("/admin/surveys/writtenanswer/")
    assert listing.status_code == 200
    assert "Hi" in listing.content.decode()
    editor = sign_in_staff(Client(), member_of("Editors", "editor"))
    assert editor.get("/admin/surveys/writtenanswer/").status_code == 403
