"""The full default program: its shape, every page of it in every language,
the pages, glossary and helplines around it, and its words."""

import re

import pytest

from modules.content.loader import PROGRAM_DIR
from modules.content.models import (
    GlossaryTerm,
    Helpline,
    MotivationPrompt,
    Page,
    Question,
    Step,
    Track,
)
from tests.helpers import LANGUAGES, REPO, step_path


@pytest.mark.django_db
@pytest.mark.parametrize("track", ["stop", "thoughts"])
def test_every_stage_and_step_renders_in_every_language(client, program_loaded, track):
    program = Track.objects.get(slug=track)
    for lang in LANGUAGES:
        assert client.get(f"/{lang}/program/{track}/").status_code == 200
        for stage in program.stages.all():
            for url in (
                f"/{lang}/program/{track}/{stage.slug}/",
                f"/{lang}/program/{track}/{stage.slug}/summary/",
            ):
                response = client.get(url)
                assert response.status_code == 200, url
            for step in stage.steps.all():
                response = client.get(step_path(step, lang))
                assert response.status_code == 200, step_path(step, lang)
                html = response.content.decode()
                assert f'<html lang="{lang}"' in html
                if lang != "en":
                    assert 'lang="en"' not in html[html.index("<main") :], (
                        f"untranslated text on {step_path(step, lang)}"
                    )


@pytest.mark.django_db
def test_the_main_track_has_the_shape_the_outline_asks_for(program):
    stages = list(program.stages.all())
    assert len(stages) == 9
    steps = list(Step.objects.filter(stage__track=program))
    assert len(steps) >= 45
    for stage in stages:
        assert 4 <= stage.steps.count() <= 8, stage.slug
        assert stage.intro
        assert stage.closing
    assert {step.kind for step in steps} == set(Step.Kind.values)
    prompts = MotivationPrompt.objects.filter(question__step__stage__track=program)
    assert prompts.count() >= 20
    assert (
        MotivationPrompt.objects.filter(question__isnull=True).count() >= 2
    )  # the diary
    for question in Question.objects.filter(
        step__stage__track=program, step__kind="quiz"
    ):
        for choice in question.choices.all():
            assert choice.feedback.strip(), (question.key, choice.key)
        assert question.choices.filter(is_correct=True).exists()
    headings = set(
        Question.objects.filter(
            step__stage__track=program, step__kind="plan"
        ).values_list("plan_heading", flat=True)
    )
    assert (
        len(headings - {""}) >= 5
    )  # warning signs, risky situations, instead, contacts, reasons
    starts = Step.objects.filter(stage__track=program, self_check="start")
    ends = Step.objects.filter(stage__track=program, self_check="end")
    assert starts.count() == 1
    assert ends.count() == 1
    assert starts.get().stage == stages[0]
    assert ends.get().stage == stages[-1]
    assert set(starts.get().questions.values_list("key", flat=True)) == set(
        ends.get().questions.values_list("key", flat=True)
    )


@pytest.mark.django_db
def test_the_second_track_is_shorter_and_complete(program_loaded):
    main = Track.objects.get(slug="stop")
    second = Track.objects.get(slug="thoughts")
    assert (
        Step.objects.filter(stage__track=second).count()
        < Step.objects.filter(stage__track=main).count()
    )
    assert Step.objects.filter(stage__track=second, self_check="start").count() == 1
    assert Step.objects.filter(stage__track=second, self_check="end").count() == 1
    assert Step.objects.filter(stage__track=second, kind="plan").exists()


@pytest.mark.django_db
def test_pages_glossary_and_helplines_around_the_tracks(client, program_loaded):
    for slug in ("why-stop", "act-now", "act-now-eased", "act-now-still"):
        assert Page.objects.filter(slug=slug, is_published=True).exists(), slug
    assert GlossaryTerm.objects.count() >= 20
    helplines = list(Helpline.objects.all())
    assert len(helplines) >= 10
    for helpline in helplines:
        assert helpline.source.startswith("http"), helpline.slug
        assert helpline.checked_on is not None
    countries = {c for h in helplines for c in h.country_list}
    assert {"FI", "ES", "GB"} <= countries
    assert any(not h.country_list for h in helplines), "international services too"
    html = client.get("/es/help/").content.decode()
    assert "024" in html  # the Spanish suicide line appears for Spanish readers
    assert html.index("024") < html.index("116 123")  # ...before the UK's


def test_no_text_says_child_pornography():
    banned = re.compile(
        r"child porn|lapsiporno|pornografía infantil|pornografia infantil(?!@)", re.I
    )
    files = (
        list(PROGRAM_DIR.rglob("*.yaml"))
        + list((REPO / "locale").rglob("*.po"))
        + list((REPO / "templates").rglob("*.html"))
    )
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.replace("denuncias.pornografia.infantil@policia.es", "")
            assert not banned.search(line), (path, line)
