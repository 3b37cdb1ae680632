"""Editing that knows the step kind: new questions start as what the kind
shows, and a question the kind cannot show is refused in plain words next
to the field (instead of being silently ignored on the site)."""

import re

import pytest

from modules.content.models import Question, Step
from tests.helpers import form_data


def step_of(program, kind):
    return Step.objects.filter(stage__track=program, kind=kind).first()


def with_new_question(data, key, answer, choices=(), **fields):
    """``data`` plus one new question (and its choices), as the form posts it."""
    count = int(data["questions-TOTAL_FORMS"][0])
    prefix = f"questions-{count}"
    data["questions-TOTAL_FORMS"] = [str(count + 1)]
    data.update(
        {
            f"{prefix}-text": ["What else do you notice?"],
            f"{prefix}-key": [key],
            f"{prefix}-input": [answer],
            f"{prefix}-position": [str(count)],
            f"{prefix}-choices-TOTAL_FORMS": [str(len(choices))],
            f"{prefix}-choices-INITIAL_FORMS": ["0"],
            f"{prefix}-prompts-TOTAL_FORMS": ["0"],
            f"{prefix}-prompts-INITIAL_FORMS": ["0"],
        }
    )
    for i, text in enumerate(choices):
        data[f"{prefix}-choices-{i}-text"] = [text]
        data[f"{prefix}-choices-{i}-key"] = [f"c{i}"]
        data[f"{prefix}-choices-{i}-position"] = [str(i)]
    for name, value in fields.items():
        data[f"{prefix}-{name}"] = [value]
    return data


def selected(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.search(r'<option value="(\w*)" selected', select).group(1)


@pytest.mark.django_db
def test_a_new_question_in_a_checklist_step_gets_choices(
    admin_client, program, locale_copy
):
    step = step_of(program, "checklist")
    url = f"/admin/content/step/{step.pk}/change/"
    html = admin_client.get(url).content.decode()
    assert selected(html, "questions-__prefix__-input") == "multiple"
    data = with_new_question(
        form_data(html, "step_form"), "noticed", "multiple", ["Tiredness", "Stress"]
    )
    assert admin_client.post(url, data).status_code == 302
    question = step.questions.get(key="noticed")
    assert question.input == "multiple"
    assert [c.text for c in question.choices.all()] == ["Tiredness", "Stress"]


@pytest.mark.django_db
def test_choices_and_labels_are_required_in_plain_words(
    admin_client, program, locale_copy
):
    step = step_of(program, "checklist")
    url = f"/admin/content/step/{step.pk}/change/"
    data = with_new_question(
        form_data(admin_client.get(url).content.decode(), "step_form"),
        "noticed",
        "multiple",
    )
    html = admin_client.post(url, data).content.decode()
    assert "Add at least two choices below" in html
    data = with_new_question(
        form_data(admin_client.get(url).content.decode(), "step_form"),
        "as-text",
        "text",
    )
    html = admin_client.post(url, data).content.decode()
    assert "In a step of this kind, questions are answered by: Pick any." in html
    assert not step.questions.filter(key__in=["noticed", "as-text"]).exists()

    scale = step_of(program, "scale")
    url = f"/admin/content/step/{scale.pk}/change/"
    data = with_new_question(
        form_data(admin_client.get(url).content.decode(), "step_form"),
        "calm",
        "rating",
        min_label="Not calm",
    )
    html = admin_client.post(url, data).content.decode()
    assert html.count("Say what this end of the scale means") == 1
    assert not scale.questions.filter(key="calm").exists()


@pytest.mark.django_db
def test_a_balance_keeps_its_four_boxes(admin_client, program, locale_copy):
    step = step_of(program, "balance")
    url = f"/admin/content/step/{step.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "step_form")
    box = step.questions.get(key="change_bad")
    prefix = next(
        n.removesuffix("-id")
        for n, v in data.items()
        if n.startswith("questions-")
        and n.count("-") == 2
        and n.endswith("-id")
        and v == [str(box.pk)]
    )
    data[f"{prefix}-DELETE"] = ["on"]
    html = admin_client.post(url, data).content.decode()
    assert "A decisional balance needs its four boxes" in html
    assert Question.objects.filter(pk=box.pk).exists()


@pytest.mark.django_db
def test_prompt_rules_and_stage_choices_read_plainly(
    admin_client, program, locale_copy
):
    step = step_of(program, "scale")
    url = f"/admin/content/step/{step.pk}/change/"
    html = admin_client.get(url).content.decode()
    assert f"{program.title}: {step.stage.title}" in html  # the stage's track
    data = form_data(html, "step_form")
    data["questions-0-prompts-0-rule"] = ["choice"]
    data["questions-0-prompts-0-value"] = [""]
    html = admin_client.post(url, data).content.decode()
    assert "Say when this prompt shows" in html
    assert "is violated" not in html


@pytest.mark.django_db
def test_a_typed_position_is_what_is_saved(admin_client, program, locale_copy):
    step = max(
        Step.objects.filter(stage__track=program, kind="reflection"),
        key=lambda s: s.questions.count(),
    )
    before = [q.key for q in step.questions.all()]
    assert len(before) >= 3
    url = f"/admin/content/step/{step.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "step_form")
    last = len(before) - 1
    assert data[f"questions-{last}-position"] == [str(last)]
    data[f"questions-{last}-position"] = ["0"]  # typed: put the last one first
    assert admin_client.post(url, data).status_code == 302
    after = [q.key for q in step.questions.all()]
    assert after == [before[-1], *before[:-1]]
    assert [q.position for q in step.questions.all()] == list(range(len(before)))
