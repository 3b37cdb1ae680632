"""Question and choice keys name visitors' stored answers, so they cannot be
changed once saved (in the admin, or any other way)."""

import re

import pytest
from django.core.exceptions import ValidationError

from modules.content.models import Question, Step
from tests.helpers import form_data


def question_prefix(html, question):
    """The inline form prefix (e.g. ``questions-0``) of ``question``'s form."""
    data = form_data(html, "step_form")
    for name, values in data.items():
        if name.endswith("-id") and values == [str(question.pk)]:
            return name.removesuffix("-id")
    raise AssertionError("question not on the form")


def key_input(html, name):
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)


@pytest.mark.django_db
def test_a_saved_key_cannot_be_changed_in_the_admin(admin_client, program, locale_copy):
    step = Step.objects.filter(stage__track=program, kind="checklist").first()
    question = step.questions.first()
    choice = question.choices.first()
    url = f"/admin/content/step/{step.pk}/change/"
    html = admin_client.get(url).content.decode()
    assert "so it cannot be changed once saved" in html
    prefix = question_prefix(html, question)
    data = form_data(html, "step_form")
    # A disabled input is not sent by a browser; a crafted request is ignored.
    data[f"{prefix}-key"] = ["renamed"]
    data[f"{prefix}-choices-0-key"] = ["renamed-choice"]
    data[f"{prefix}-text"] = ["A clearer question?"]
    assert admin_client.post(url, data).status_code == 302
    question.refresh_from_db()
    choice.refresh_from_db()
    assert question.text == "A clearer question?"
    assert question.key != "renamed"
    assert choice.key != "renamed-choice"


@pytest.mark.django_db
def test_a_new_question_gets_a_key_of_its_own(admin_client, program, locale_copy):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    url = f"/admin/content/step/{step.pk}/change/"
    html = admin_client.get(url).content.decode()
    assert "disabled" in key_input(html, "questions-0-key")
    assert "disabled" not in key_input(html, "questions-__prefix__-key")


@pytest.mark.django_db
def test_the_model_refuses_a_new_key(program):
    question = Question.objects.filter(step__stage__track=program).first()
    question.key = "something-else"
    with pytest.raises(ValidationError, match="cannot be changed once saved"):
        question.save()
    with pytest.raises(ValidationError):
        question.full_clean()
