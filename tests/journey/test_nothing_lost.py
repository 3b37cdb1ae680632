"""Nothing lost or miscounted by surprise: an empty step is not "done", a
limit is enforced and said, a form sent twice is saved once, long answers
are never cut silently, right-to-left text reads right to left, and
switching language keeps the page's state."""

import re

import pytest
from django.conf import settings
from django.test import Client

from modules.content.models import Question, Step
from tests.helpers import LANGUAGES, step_path

pytestmark = pytest.mark.django_db


NOTHING_DONE = "There is nothing to save yet."


@pytest.mark.parametrize("kind", ["reflection", "checklist", "balance", "plan"])
def test_an_empty_step_asks_to_skip_instead_of_counting_as_done(client, program, kind):
    step = Step.objects.filter(stage__track=program, kind=kind).first()
    response = client.post(step_path(step), {})
    assert response.status_code == 200
    assert 'name="skip"' in response.content.decode()
    assert NOTHING_DONE in client.get("/en/save/").content.decode()
    # Skipping moves on, and the step is still not done.
    skipped = client.post(step_path(step), {"skip": "1"})
    assert skipped.status_code == 302
    assert skipped.url != step_path(step)
    assert NOTHING_DONE in client.get("/en/save/").content.decode()


def test_an_empty_stage_summary_says_only_what_is_true(client, program):
    stage = program.stages.get(slug="why-change")
    stage.closing = "Your reasons to change are now part of My plan."
    stage.save()
    html = client.get(f"/en/program/{program.slug}/{stage.slug}/summary/").content
    assert "You have not written anything in this stage yet." in html.decode()
    assert "part of My plan" not in html.decode()


def test_a_checklist_limit_is_enforced_with_a_clear_message(client, program):
    question = Question.objects.filter(
        step__stage__track=program, input="multiple"
    ).first()
    question.max_choices = 2
    question.save()
    keys = [c.key for c in question.choices.all()[:3]]
    html = client.get(step_path(question.step, "fi")).content.decode()
    assert "Valitse enintään 2." in html
    response = client.post(step_path(question.step, "fi"), {f"q_{question.key}": keys})
    assert response.status_code == 400
    assert "Olet valinnut 3" in response.content.decode()
    ok = client.post(step_path(question.step, "fi"), {f"q_{question.key}": keys[:2]})
    assert ok.status_code == 302


def test_the_values_question_takes_at_most_the_five_it_asks_for(client, program):
    """The step says "choose up to five"; eight used to be accepted."""
    question = Question.objects.get(step__stage__track=program, key="values")
    keys = [c.key for c in question.choices.all()[:6]]
    path = step_path(question.step)
    refused = client.post(path, {f"q_{question.key}": keys})
    assert refused.status_code == 400
    assert client.post(path, {f"q_{question.key}": keys[:5]}).status_code == 302


def test_a_diary_entry_sent_twice_is_saved_once(client, program):
    html = client.get("/en/diary/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    entry = {"strength": "6", "situation": "twice-sent", "form_token": token}
    assert client.post("/en/diary/", entry).status_code == 302
    again = client.post("/en/diary/", entry)
    assert again.status_code == 302
    page = client.get(again.url).content.decode()
    assert page.count("twice-sent") == 1
    assert "sent twice" in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_long_answer_is_never_cut_and_the_limit_is_said_in_the_sites_voice(
    client, program, lang
):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    html = client.get(step_path(step, lang)).content.decode()
    assert "maxlength" not in html  # the browser would cut a paste silently
    assert f"{settings.ANSWER_MAX_LENGTH}" in html  # the limit beside the field
    question = step.questions.first()
    text = "y" * (settings.ANSWER_MAX_LENGTH + 5)
    response = client.post(step_path(step, lang), {f"q_{question.key}": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert text in page
    for django_words in ("Ensure this value", "Asegúrese", "Varmista"):
        assert django_words not in page


def test_answers_and_inputs_follow_the_writings_direction(client, program):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    question = step.questions.first()
    client.post(step_path(step), {f"q_{question.key}": "אני רוצה להשתנות"})
    html = client.get(step_path(step)).content.decode()
    assert re.search(r'<textarea[^>]*dir="auto"', html)
    summary = client.get(
        f"/en/program/{program.slug}/{step.stage.slug}/summary/"
    ).content.decode()
    assert '<dd class="answer" dir="auto">' in summary
    assert re.search(
        r'<textarea[^>]*dir="auto"', client.get("/en/diary/").content.decode()
    )


@pytest.mark.parametrize(
    "path", ["/en/act-now/?eased=no", "/en/diary/?saved=1", "/en/help/?country=FI"]
)
def test_switching_language_keeps_the_pages_state(client, program, path):
    html = Client().get(path).content.decode()
    query = path.split("?", 1)[1]
    fi = re.search(r'<a href="([^"]+)" lang="fi" hreflang="fi"', html).group(1)
    assert fi.endswith(f"?{query}")
