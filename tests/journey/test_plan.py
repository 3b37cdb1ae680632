"""My plan is one page the visitor can change: each part opens as a form in
place, lists read as bullets, nothing shows twice, and the helpline the
visitor picked is part of it."""

import re

import pytest
from django.conf import settings

from modules.content.models import Question, Step
from tests.helpers import form_data, step_path, visible_text

pytestmark = pytest.mark.django_db


def section_number(html, heading):
    match = re.search(r'id="plan-(\d+)-h">' + re.escape(heading) + "</h2>", html)
    assert match, heading
    return match.group(1)


def test_a_part_of_the_plan_is_edited_on_the_plan_page(client, program):
    html = client.get("/en/plan/").content.decode()
    number = section_number(html, "What I will do instead")
    form_html = client.get(f"/en/plan/?edit={number}").content.decode()
    data = form_data(form_html)
    name = next(key for key in data if key.startswith("a_"))
    data[name] = "- Go for a walk\n- Call my brother\n\nTake a cold shower"
    response = client.post("/en/plan/", data)
    assert response.status_code == 302
    html = client.get("/en/plan/").content.decode()
    items = re.findall(r'<li dir="auto">([^<]*)</li>', html)
    assert items[:3] == ["Go for a walk", "Call my brother", "Take a cold shower"]
    # The text is the step's own answer: the exercise shows it too.
    plan_step = Step.objects.get(stage__track=program, kind="plan", slug="my-plan")
    assert "Call my brother" in client.get(step_path(plan_step)).content.decode()


def test_the_same_answer_given_twice_shows_once(client, program):
    questions = Question.objects.filter(
        step__stage__track=program,
        plan_heading="My reasons to change",
        input=Question.Input.TEXT,
    )
    assert questions.count() >= 2
    for question in questions[:2]:
        client.post(step_path(question.step), {f"q_{question.key}": "For my children"})
    html = client.get("/en/plan/").content.decode()
    assert visible_text(html).count("For my children") == 1


def test_choices_are_bullets_not_a_line_joined_with_semicolons(client, program):
    question = (
        Question.objects.filter(step__stage__track=program, input="multiple")
        .exclude(plan_heading="")
        .first()
    )
    keys = [c.key for c in question.choices.all()[:2]]
    client.post(step_path(question.step), {f"q_{question.key}": keys})
    html = client.get("/en/plan/").content.decode()
    for choice in question.choices.all()[:2]:
        assert f'<li dir="auto">{choice.text}</li>' in html


def test_a_too_long_part_is_refused_in_the_visitors_language_and_kept(client, program):
    html = client.get("/fi/plan/").content.decode()
    number = re.search(r'href="\?edit=(\d+)#', html).group(1)
    data = form_data(client.get(f"/fi/plan/?edit={number}").content.decode())
    name = next(key for key in data if key.startswith("a_"))
    data[name] = "x" * (settings.ANSWER_MAX_LENGTH + 1)
    response = client.post("/fi/plan/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "x" * settings.ANSWER_MAX_LENGTH in page
    assert "merkkiä" in page


def test_the_chosen_helpline_is_part_of_the_plan(client, program):
    html = client.get("/fi/plan/?edit=helpline").content.decode()
    assert 'value="mieli-kriisipuhelin"' in html
    client.post("/fi/plan/", {"helpline": "mieli-kriisipuhelin"})
    html = client.get("/fi/plan/").content.decode()
    assert "MIELI Kriisipuhelin" in html
    assert 'href="tel:0925250111"' in html
    workbook = client.get("/fi/plan/workbook/").content.decode()
    assert "09 2525 0111" in workbook
    # Something that is not a published helpline is not kept.
    assert client.post("/fi/plan/", {"helpline": "nope"}).status_code == 400
