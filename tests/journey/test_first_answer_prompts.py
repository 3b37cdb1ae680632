"""Closing prompts meet a person where they started: a prompt can compare an
answer with the same question's first answer (the self-check at the end with
the one at the start; a rating given again with the first one)."""

import pytest

from modules.content.models import MotivationPrompt, Question, Step
from tests.helpers import answers_for, step_path, visible_text


def first_line(prompt):
    return " ".join(prompt.message.split())[:60]


def save(client, step, **answers):
    data = answers_for(step)
    data.update({f"q_{key}": value for key, value in answers.items()})
    response = client.post(step_path(step), data)
    assert response.status_code == 302, response.content.decode()[:1000]
    return visible_text(client.get(step_path(step) + "?saved=1").content.decode())


def days_prompts(program):
    end = Step.objects.get(stage__track=program, self_check="end")
    question = end.questions.get(key="days")
    prompts = {p.rule: p for p in question.prompts.all()}
    return end, prompts


@pytest.mark.django_db
def test_fewer_days_at_the_end_than_at_the_start_is_met_as_change(client, program):
    start = Step.objects.get(stage__track=program, self_check="start")
    end, prompts = days_prompts(program)
    save(client, start, days="every_day")
    page = save(client, end, days="d1_3")
    assert first_line(prompts["fell"]) in page
    assert first_line(prompts["held"]) not in page
    assert first_line(prompts["rose"]) not in page
    # The side-by-side table shows both answers in words.
    summary = client.get(
        f"/en/program/{program.slug}/{end.stage.slug}/summary/"
    ).content.decode()
    assert "Every day or almost every day" in summary
    assert "On 1 to 3 days" in summary


@pytest.mark.django_db
def test_the_same_answer_as_at_the_start_gets_a_different_message(client, program):
    start = Step.objects.get(stage__track=program, self_check="start")
    end, prompts = days_prompts(program)
    save(client, start, days="d4_7")
    page = save(client, end, days="d4_7")
    assert first_line(prompts["held"]) in page
    assert first_line(prompts["fell"]) not in page

    more = save(client, end, days="d15_27")
    assert first_line(prompts["rose"]) in more
    assert first_line(prompts["held"]) not in more


@pytest.mark.django_db
def test_without_a_first_answer_nothing_is_compared(client, program):
    end, prompts = days_prompts(program)
    page = save(client, end, days="d1_3")
    for rule in ("fell", "held", "rose"):
        assert first_line(prompts[rule]) not in page


@pytest.mark.django_db
def test_a_rating_given_again_is_compared_with_the_first(client, program):
    balance = Question.objects.get(
        step__stage__track=program, step__kind="balance", key="balance_weight"
    )
    rose = balance.prompts.get(rule=MotivationPrompt.Rule.ROSE)
    once = save(client, balance.step, balance_weight="7")
    assert first_line(rose) not in once, "answered once: nothing to compare"
    again = save(client, balance.step, balance_weight="3")
    assert first_line(rose) not in again
    later = save(client, balance.step, balance_weight="9")
    assert first_line(rose) in later, "9 is two higher than the first answer, 7"


@pytest.mark.django_db
def test_anchored_choices_take_rating_rules_by_their_place(client, program):
    start = Step.objects.get(stage__track=program, self_check="start")
    question = start.questions.get(key="days")
    most_days = question.prompts.get(rule=MotivationPrompt.Rule.AT_LEAST)
    no_day = question.prompts.get(rule=MotivationPrompt.Rule.EQUALS)
    page = save(client, start, days="every_day")
    assert first_line(most_days) in page
    assert first_line(no_day) not in page
    page = save(client, start, days="d1_3")
    assert first_line(most_days) not in page
    assert first_line(no_day) not in page
    assert first_line(no_day) in save(client, start, days="none")
