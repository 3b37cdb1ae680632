"""The help-seeker's journey: every step kind answered in order, then found
again on the stage summaries, My plan and the workbook; reactions to what was
saved; and a form with an error keeps what was typed."""

import pytest

from modules.content.models import Question, Step
from modules.journal.models import Journal
from tests.helpers import (
    DISTINCTIVE,
    LANGUAGES,
    answers_for,
    ordered_steps,
    step_path,
    visible_text,
)


def walk(client, program, lang, marker="walk", rating=7):
    """Answer every step of a track in order, following the site's own redirects."""
    steps = ordered_steps(program)
    for step in steps:
        response = client.get(step_path(step, lang))
        assert response.status_code == 200, step_path(step, lang)
        response = client.post(step_path(step, lang), answers_for(step, marker, rating))
        assert response.status_code == 302, (
            step_path(step, lang),
            response.content.decode()[:2000],
        )
    return steps


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_walk_the_whole_track_and_find_every_answer(client, program, lang):
    steps = walk(client, program, lang, marker=lang)
    kinds = {step.kind for step in steps}
    assert kinds == set(Step.Kind.values), "the track uses every kind of step"

    # Progress: every step done.
    overview = client.get(f"/{lang}/program/{program.slug}/").content.decode()
    assert (
        f'<progress id="track-progress" max="{len(steps)}" value="{len(steps)}"'
        in overview
    )

    # Every free-text answer is on its stage summary.
    for stage in program.stages.all():
        summary = client.get(
            f"/{lang}/program/{program.slug}/{stage.slug}/summary/"
        ).content.decode()
        for step in steps:
            if step.stage_id != stage.id:
                continue
            for question in step.questions.all():
                if question.input == Question.Input.TEXT:
                    assert (
                        DISTINCTIVE.format(f"{lang}-{step.slug}-{question.key}")
                        in summary
                    )

    # My plan gathers every answer with a plan heading.
    plan = client.get(f"/{lang}/plan/").content.decode()
    planned = [
        q
        for s in steps
        for q in s.questions.all()
        if q.plan_heading and q.input == Question.Input.TEXT
    ]
    assert len(planned) >= 5
    for question in planned:
        assert DISTINCTIVE.format(f"{lang}-{question.step.slug}-{question.key}") in plan

    # The workbook holds every answer, and no trace of the site.
    response = client.get(f"/{lang}/plan/workbook/")
    assert response["Content-Disposition"] == 'attachment; filename="workbook.txt"'
    workbook = response.content.decode()
    for step in steps:
        for question in step.questions.all():
            if question.input == Question.Input.TEXT:
                assert (
                    DISTINCTIVE.format(f"{lang}-{step.slug}-{question.key}") in workbook
                )
    assert "http" not in workbook
    assert "127.0.0.1" not in workbook
    assert "selfhelp" not in workbook.lower()

    # The self-check at the start and at the end, side by side.
    summary_last = client.get(
        f"/{lang}/program/{program.slug}/{program.stages.last().slug}/summary/"
    ).content.decode()
    assert 'id="self-check-heading"' in summary_last


@pytest.mark.django_db
def test_scale_prompt_and_quiz_feedback_answer_what_was_saved(client, program):
    importance = Question.objects.get(
        step__stage__track=program, step__slug="readiness-ruler", key="importance"
    )
    prompt = importance.prompts.get(rule="at_most")
    step = importance.step
    data = answers_for(step)
    data["q_importance"] = str(prompt.value)
    response = client.post(step_path(step), data)
    assert response.status_code == 302
    assert response["Location"].endswith("?saved=1")
    page = client.get(response["Location"]).content.decode()
    first_line = (
        prompt.message.replace("{rating}", str(prompt.value)).split("\n")[0].strip()
    )
    assert first_line.split(".")[0] in visible_text(page)

    quiz = Step.objects.filter(stage__track=program, kind="quiz").first()
    question = quiz.questions.first()
    wrong = question.choices.filter(is_correct=False).first()
    data = answers_for(quiz)
    data[f"q_{question.key}"] = wrong.key
    response = client.post(step_path(quiz), data)
    page = client.get(response["Location"]).content.decode()
    assert wrong.feedback.split("\n")[0].strip()[:40] in visible_text(page)


@pytest.mark.django_db
def test_validation_error_keeps_what_was_typed(client, program):
    step = Step.objects.filter(stage__track=program, kind="balance").first()
    data = answers_for(step, marker="kept")
    rating_keys = [
        q.key for q in step.questions.all() if q.input == Question.Input.RATING
    ]
    data[f"q_{rating_keys[0]}"] = "eleven"
    response = client.post(step_path(step, "fi"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Valitse oikea vaihtoehto" in html
    for question in step.questions.all():
        if question.input == Question.Input.TEXT:
            assert DISTINCTIVE.format(f"kept-{step.slug}-{question.key}") in html
    assert not Journal.objects.exists(), "nothing is saved from an invalid form"

    checklist = Step.objects.filter(
        stage__track=program, kind="checklist", questions__allow_other=True
    ).first()
    question = checklist.questions.get(allow_other=True)
    response = client.post(
        step_path(checklist, "es"),
        {f"q_{question.key}": ["__other__"], f"q_{question.key}_other": ""},
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
