"""The help-seeker's journey: every step kind, answers, summaries, My plan,
the workbook, the diary, and the encrypted journal behind them."""

import re

import pytest
from django.core.management import call_command
from django.db import connection

from modules.content.models import MotivationPrompt, Question, Step
from modules.journal import models as journal_models
from modules.journal.models import Journal
from modules.staff.models import UsageCount
from tests.conftest import LANGUAGES
from tests.helpers import (
    DISTINCTIVE,
    answers_for,
    ordered_steps,
    step_path,
    stored_database_bytes,
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
    assert (
        "http" not in workbook
        and "127.0.0.1" not in workbook
        and "selfhelp" not in workbook.lower()
    )

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
    assert response.status_code == 302 and response["Location"].endswith("?saved=1")
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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_answers_are_never_stored_in_plain_text(client, program):
    secret = "Marmalade-Okapi-Answer-93817"
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    data = answers_for(step)
    data[f"q_{step.questions.first().key}"] = secret
    assert client.post(step_path(step), data).status_code == 302
    client.post(
        "/en/diary/",
        {"strength": "6", "situation": secret + "-diary", "did": "", "helped": ""},
    )
    assert Journal.objects.count() == 1
    record = Journal.objects.get()
    assert secret.encode() not in bytes(record.ciphertext)
    if connection.vendor == "sqlite":
        connection.close()  # everything written is now in the file or its WAL
        stored = stored_database_bytes()
        assert len(stored) > 100_000, "the database file was read"
        assert secret.encode() not in stored
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT encode(ciphertext, 'escape') FROM journal_journal")
            assert all(secret not in row[0] for row in cursor.fetchall())
    # And the visitor still reads it back.
    assert (
        secret
        in client.get(
            f"/en/program/{program.slug}/{step.stage.slug}/summary/"
        ).content.decode()
    )


@pytest.mark.django_db
def test_tampered_cookie_starts_a_fresh_journal_with_an_explanation(client, program):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    client.post(step_path(step), answers_for(step))
    good = client.cookies["journal"].value
    client.cookies["journal"] = good[:-4] + (
        "AAAA" if not good.endswith("AAAA") else "BBBB"
    )
    response = client.get(f"/fi/program/{program.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "notice--error" in html
    assert response.cookies["journal"]["max-age"] == 0
    client.cookies["journal"] = "not base64 at all!!"
    assert client.get("/en/program/").status_code == 200


@pytest.mark.django_db
def test_purged_journal_is_unreadable_and_explained(client, program):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    client.post(step_path(step), answers_for(step, marker="gone"))
    Journal.objects.update(last_used="2000-01-01")
    call_command("purge", verbosity=0)
    assert not Journal.objects.exists()
    html = client.get(f"/en/program/{program.slug}/").content.decode()
    assert "We could not open your earlier answers" in html
    assert (
        "gone"
        not in client.get(
            f"/en/program/{program.slug}/{step.stage.slug}/summary/"
        ).content.decode()
    )


@pytest.mark.django_db
def test_purge_deletes_only_expired_journals(settings):
    today = journal_models.today()
    import datetime

    def make(lookup, saved, days_ago):
        Journal.objects.create(
            lookup=lookup,
            ciphertext=b"x",
            is_saved=saved,
            last_used=today - datetime.timedelta(days=days_ago),
        )

    make("a" * 32, False, 0)
    make("b" * 32, False, settings.JOURNAL_UNSAVED_DAYS + 1)
    make("c" * 32, True, settings.JOURNAL_SAVED_DAYS - 1)
    make("d" * 32, True, settings.JOURNAL_SAVED_DAYS + 1)
    call_command("purge", verbosity=0)
    assert sorted(j.lookup[0] for j in Journal.objects.all()) == ["a", "c"]


@pytest.mark.django_db
def test_urge_diary_logs_by_day_and_charts_the_trend(client):
    for strength in (8, 5, 3):
        response = client.post(
            "/es/diary/",
            {
                "strength": str(strength),
                "situation": f"situation {strength}",
                "did": "walked",
                "helped": "calling",
            },
        )
        assert response.status_code == 302
    html = client.get("/es/diary/?saved=1").content.decode()
    assert "<svg" in html and "<polyline" in html
    assert html.count("<td>") >= 6  # the same figures as a table
    assert "situation 8" in html and "situation 3" in html
    # Only the day is kept, never a time.
    data = client.get("/es/plan/workbook/").content.decode()
    assert re.search(r"\d{4}-\d{2}-\d{2}", data) and not re.search(r"\d{2}:\d{2}", data)
    assert UsageCount.objects.get(metric="diary_entry").count == 3


@pytest.mark.django_db
def test_diary_prompt_answers_a_strong_urge(client, program_loaded):
    prompt = (
        MotivationPrompt.objects.filter(question__isnull=True, rule="at_least")
        .order_by("-value")
        .first()
    )
    client.post(
        "/en/diary/", {"strength": "10", "situation": "", "did": "", "helped": ""}
    )
    html = client.get("/en/diary/?saved=1").content.decode()
    assert prompt.message.split("\n")[0].strip()[:30] in visible_text(html)


@pytest.mark.django_db
def test_diary_rejects_bad_strength_and_keeps_the_text(client):
    response = client.post(
        "/fi/diary/", {"strength": "99", "situation": "kept text here"}
    )
    assert response.status_code == 400
    assert "kept text here" in response.content.decode()


@pytest.mark.django_db
def test_completions_are_counted_per_step_and_week_only(client, program):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    client.post(step_path(step), answers_for(step))
    client.post(step_path(step), answers_for(step))  # revisiting does not count twice
    row = UsageCount.objects.get(metric="step_completed", subject=str(step.uuid))
    assert row.count == 1
    assert row.week.weekday() == 0
    fields = {f.name for f in UsageCount._meta.get_fields()}
    assert fields == {"id", "metric", "subject", "week", "count"}


@pytest.mark.django_db
def test_act_now_checks_in_and_then_offers_contacts(client, program_loaded):
    html = client.get("/fi/act-now/").content.decode()
    assert 'name="eased" value="yes"' in html and 'name="eased" value="no"' in html
    still = client.get("/fi/act-now/?eased=no").content.decode()
    assert "helpline-list" in still
    eased = client.get("/fi/act-now/?eased=yes").content.decode()
    assert "helpline-list" not in eased


@pytest.mark.django_db
def test_ratings_given_again_are_charted_with_a_table_of_the_same_figures(
    client, program
):
    ruler = Step.objects.get(stage__track=program, slug="readiness-ruler")
    assert "<svg" not in client.get("/en/progress/").content.decode()
    for importance in ("3", "8"):
        data = answers_for(ruler)
        data["q_importance"] = importance
        client.post(step_path(ruler), data)
    html = client.get("/fi/progress/").content.decode()
    assert html.count("<svg") == 2  # importance and confidence, each rated twice
    assert "<polyline" in html
    assert re.search(r"<td>3</td>.*<td>8</td>", html, re.S), (
        "the table has both ratings, in order"
    )
