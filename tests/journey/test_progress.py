"""My progress from the first answer: steps and stages done, and the ratings
asked more than once side by side as they change."""

import re

import pytest

from modules.content.models import Step
from tests.helpers import answers_for, step_path, visible_text

pytestmark = pytest.mark.django_db


def test_progress_shows_from_the_first_answer(client, program):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    client.post(step_path(step), answers_for(step))
    text = visible_text(client.get("/en/progress/").content.decode())
    assert "1 of" in text
    assert "steps done" in text
    assert "0 of" in text  # no stage finished yet


def test_self_check_and_readiness_side_by_side_as_they_change(client, program):
    start = Step.objects.get(stage__track=program, self_check="start")
    client.post(step_path(start), answers_for(start, rating=3))
    html = client.get("/fi/progress/").content.decode()
    # The start is there before the end exists, the end says "not yet".
    assert "ei vielä" in html
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", html, re.S)
    assert rows
    assert ">3<" in rows[0]
    end = Step.objects.get(stage__track=program, self_check="end")
    client.post(step_path(end), answers_for(end, rating=7))
    readiness = Step.objects.get(stage__track=program, slug="readiness-ruler")
    client.post(step_path(readiness), answers_for(readiness, rating=5))
    html = client.get("/fi/progress/").content.decode()
    # Each 0-10 question of the self-check, 3 then 7 (its anchored questions,
    # days and hours, are compared on the self-check's own summary).
    rated = start.questions.filter(input="rating").count()
    assert rated >= 2
    assert html.count("+4") >= rated
    assert 'data-label="' in html  # stacks on a phone
    assert html.count('class="stack-table"') == 2  # self-check and readiness
