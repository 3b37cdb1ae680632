"""The survey pages, as a visitor without JavaScript uses them: the survey's
own address needs no journal and sets no cookie; a track offers its surveys
at its start and end once per journal, and they can always be skipped."""

import pytest
from django.test import Client

from modules.surveys.models import Answer, ResponseCount
from tests.helpers import LANGUAGES, TRANSLATED, form_data, visible_text


def first_choice_answers(survey):
    """A full set of answers: the first choice of each question, 7 for ratings."""
    data = {}
    for question in survey.questions.all():
        if question.input == "rating":
            data[f"q_{question.key}"] = "7"
        elif question.input == "text":
            data[f"q_{question.key}"] = "Shorter pages, please."
        else:
            data[f"q_{question.key}"] = question.choices.first().key
    return data


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_standalone_survey_is_answered_without_javascript_or_cookies(lang, surveys):
    survey = surveys["first-contact"]
    client = Client()
    page = client.get(f"/{lang}/survey/first-contact/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script" not in html
    assert page.cookies == {}
    form = form_data(html)
    assert "csrfmiddlewaretoken" not in form
    form.update(first_choice_answers(survey))
    sent = client.post(f"/{lang}/survey/first-contact/", form)
    assert sent.status_code == 302
    assert sent.cookies == {}
    assert sent["Location"] == f"/{lang}/survey/first-contact/thanks/"
    thanks = client.get(sent["Location"])
    assert thanks.status_code == 200
    stored = Answer.objects.filter(question__survey=survey)
    # Every question was answered: "longest stop" and "received help" too,
    # since their skip rules' choices ("yes") were the first ones picked.
    assert stored.count() == survey.questions.count()
    assert set(stored.values_list("language", flat=True)) == {lang}
    assert ResponseCount.objects.get(survey=survey, language=lang).count == 1


def test_the_survey_page_is_in_the_visitors_language(surveys):
    fi = Client().get("/fi/survey/first-contact/").content.decode()
    es = Client().get("/es/survey/first-contact/").content.decode()
    assert "Mitä tallennetaan" in fi
    assert "Haluan lopettaa" in fi  # a choice, from content.po
    assert "Qué se guarda" in es
    assert "Quiero dejarlo" in es
    assert 'lang="en"' not in fi.split("<main", 1)[1]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_default_survey_is_fully_translated(lang, surveys):
    for slug in surveys:
        html = Client().get(f"/{lang}/survey/{slug}/").content.decode()
        main = html.split("<main", 1)[1]
        # No English source text shown in place of a missing translation.
        assert 'lang="en"' not in main, slug


def test_the_page_says_exactly_what_is_stored_before_any_question(surveys):
    html = Client().get("/en/survey/end-of-program/").content.decode()
    stored_at = html.index("What is stored, exactly")
    assert stored_at < html.index("has your use of CSAM changed")
    text = visible_text(html)
    assert "the week you answer in (not the day or the time)" in text
    assert "what you write in a text box" in text  # this survey keeps text


def test_a_skip_rule_drops_the_answer_to_a_question_not_asked(survey):
    client = Client()
    client.post(
        "/en/survey/probe/", {"q_tried": "no", "q_how_hard": "9", "q_words": ""}
    )
    keys = set(Answer.objects.values_list("question__key", flat=True))
    assert keys == {"tried"}


def test_prefer_not_to_say_is_stored_as_declined_and_cannot_be_mixed(surveys):
    client = Client()
    mixed = client.post(
        "/en/survey/first-contact/", {"q_feelings": ["worried", "__declined__"]}
    )
    assert mixed.status_code == 400
    assert "on its own" in mixed.content.decode()
    assert not Answer.objects.exists()
    client.post("/en/survey/first-contact/", {"q_feelings": ["__declined__"]})
    answer = Answer.objects.get()
    assert answer.declined
    assert answer.choices == []


def test_a_wrong_choice_gets_a_clear_message_and_keeps_the_other_answers(survey):
    response = Client().post(
        "/fi/survey/probe/", {"q_tried": "maybe", "q_words": "kept text"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "kept text" in html
    assert not Answer.objects.exists()


def test_written_answers_are_not_asked_when_the_survey_keeps_none(survey):
    survey.allows_free_text = False
    survey.save()
    html = Client().get("/en/survey/probe/").content.decode()
    assert "Anything else?" not in html
    Client().post("/en/survey/probe/", {"q_tried": "no", "q_words": "secret"})
    assert not Answer.objects.exclude(text="").exists()


def test_an_unpublished_survey_is_not_found(survey):
    survey.is_published = False
    survey.save()
    assert Client().get("/en/survey/probe/").status_code == 404


def last_stage_summary(program):
    stage = program.stages.order_by("position").last()
    return f"/en/program/{program.slug}/{stage.slug}/summary/"


def test_the_end_of_track_survey_is_offered_once_and_can_be_skipped(surveys, program):
    client = Client()
    summary = last_stage_summary(program)
    page = client.get(summary).content.decode()
    assert "How did the program go for you?" in page
    skip = form_data(page.split('class="card survey-offer"', 1)[1])
    response = client.post("/en/survey/end-of-program/in-program/skip/", skip)
    assert response.status_code == 302
    assert response["Location"] == f"/en/program/{program.slug}/"
    assert "How did the program go for you?" not in client.get(summary).content.decode()
    # Nothing was stored by skipping.
    assert not Answer.objects.exists()
    assert not ResponseCount.objects.exists()


def test_a_survey_answered_in_a_track_is_not_asked_again(surveys, program):
    client = Client()
    survey = surveys["end-of-program"]
    page = client.get("/en/survey/end-of-program/in-program/").content.decode()
    form = form_data(page)
    form.update(first_choice_answers(survey))
    sent = client.post("/en/survey/end-of-program/in-program/", form)
    assert sent["Location"] == "/en/survey/end-of-program/in-program/thanks/"
    assert (
        "How did the program go for you?"
        not in client.get(last_stage_summary(program)).content.decode()
    )
    again = client.get("/en/survey/end-of-program/in-program/").content.decode()
    assert "already answered or skipped" in again
    assert 'name="q_use_change"' not in again
    assert ResponseCount.objects.get(survey=survey).count == 1


def test_the_start_of_track_survey_is_offered_on_the_track_page(surveys, program):
    client = Client()
    page = client.get(f"/en/program/{program.slug}/").content.decode()
    assert "What brought you here?" in page
    skip = form_data(page.split('class="card survey-offer"', 1)[1])
    client.post("/en/survey/help-seeking/in-program/skip/", skip)
    page = client.get(f"/en/program/{program.slug}/").content.decode()
    assert "What brought you here?" not in page
