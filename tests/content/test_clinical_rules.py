"""Clinical rules of the default program that a reviewer asked for and that
must not quietly come back: the decisional balance's midpoint, "Stop!" only for
actions (never for thoughts, which can harm people with intrusive thoughts), the
program's size, and links to tools, pages, stages and steps that exist."""

import re

import pytest

from modules.content.models import (
    Choice,
    GlossaryTerm,
    MotivationPrompt,
    Page,
    Question,
    Stage,
    Step,
    Track,
)

TOOLS = {
    "act-now",
    "help",
    "plan",
    "diary",
    "progress",
    "workbook",
    "glossary",
    "privacy",
    "save",
    "continue",
}
TOOL_LINK = re.compile(r"\]\(\s*(tool:[^)\s]*)\s*\)")


def every_text():
    """(where, text) for every clinician-written text of the program."""
    for track in Track.objects.all():
        yield f"track {track.slug}", track.description
    for stage in Stage.objects.select_related("track"):
        yield (
            f"stage {stage.track.slug}/{stage.slug}",
            f"{stage.intro}\n{stage.closing}",
        )
    for step in Step.objects.select_related("stage__track"):
        yield f"step {step.stage.track.slug}/{step.stage.slug}/{step.slug}", step.body
    for question in Question.objects.all():
        yield f"question {question.key}", f"{question.text}\n{question.help_text}"
    for choice in Choice.objects.all():
        yield f"choice {choice.key}", f"{choice.text}\n{choice.feedback}"
    for prompt in MotivationPrompt.objects.all():
        yield f"prompt {prompt.pk}", prompt.message
    for page in Page.objects.all():
        yield f"page {page.slug}", page.body
    for term in GlossaryTerm.objects.all():
        yield f"glossary {term.slug}", term.definition


def sentences(text):
    return re.split(r"(?<=[.!?:])\s+(?=[A-Z\"*])", " ".join(text.split()))


@pytest.mark.django_db
def test_no_balance_prompt_says_change_weighs_more_at_the_midpoint(program):
    balances = Question.objects.filter(
        step__kind=Step.Kind.BALANCE, input=Question.Input.RATING
    )
    assert balances.count() >= 2, "both tracks have a decisional balance"
    for question in balances:
        assert "5" in question.help_text, "the midpoint is explained"
        at_midpoint = [
            p
            for p in question.prompts.all()
            if not p.compares_with_first and p.matches(5)
        ]
        assert at_midpoint, f"{question.step.slug}: a 5 gets its own answer"
        for prompt in at_midpoint:
            message = prompt.message.lower()
            assert "same" in message, prompt.message
            assert "weighs more" not in message, prompt.message
            assert "tipped" not in message, prompt.message
        for value in (4, 6):
            for prompt in question.prompts.all():
                if prompt.rule == MotivationPrompt.Rule.EQUALS:
                    assert not prompt.matches(value)


@pytest.mark.django_db
def test_stop_is_for_actions_never_for_thoughts(program):
    mentions = 0
    for where, text in every_text():
        flat = " ".join(text.split())
        # "Stopping them" (thoughts) is thought-stopping without the word Stop!.
        assert not re.search(
            r"stop(ping)?\s+(them|(risky |sexual |these |the )?thoughts?)\b",
            flat,
            re.IGNORECASE,
        ), f"{where}: {flat[:200]}"
        for sentence in sentences(text):
            if '"Stop!"' not in sentence:
                continue
            mentions += 1
            if re.search(r"\bthoughts?\b", sentence):
                assert re.search(r"\b(never|not)\b", sentence), (
                    f'{where}: "Stop!" applied to a thought: {sentence}'
                )
    assert mentions >= 3, "the technique is still taught, for actions"
    term = " ".join(GlossaryTerm.objects.get(slug="stop-technique").definition.split())
    assert "device" in term
    assert "never for thoughts" in term


@pytest.mark.django_db
def test_the_main_track_is_deep_enough_and_no_stage_too_long(program):
    steps = Step.objects.filter(stage__track=program)
    assert steps.count() >= 60
    for stage in Stage.objects.all():
        assert stage.steps.count() <= 8, stage.slug
    assert MotivationPrompt.objects.count() >= 120


@pytest.mark.django_db
def test_every_tool_link_names_something_that_exists(program):
    pages = set(Page.objects.values_list("slug", flat=True))
    stages = {f"{s.track.slug}/{s.slug}" for s in Stage.objects.select_related("track")}
    steps = {
        f"{s.stage.track.slug}/{s.stage.slug}/{s.slug}"
        for s in Step.objects.select_related("stage__track")
    }
    found = 0
    for where, text in every_text():
        for target in TOOL_LINK.findall(text):
            found += 1
            name = target.removeprefix("tool:")
            kind, _, rest = name.partition("/")
            known = (
                (not rest and name in TOOLS)
                or (kind == "page" and rest in pages)
                or (kind == "stage" and rest in stages)
                or (kind == "step" and rest in steps)
            )
            assert known, f"{where}: {target} names nothing"
        # A link written without the tool: scheme to a tool's name is a typo.
        assert not re.search(r"\]\((act-now|help|plan|diary)\)", text), where
    assert found >= 50


@pytest.mark.django_db
def test_the_self_check_counts_days_and_hours_in_anchored_choices(program):
    for check in ("start", "end"):
        step = Step.objects.get(stage__track=program, self_check=check)
        days = step.questions.get(key="days")
        hours = step.questions.get(key="hours")
        assert days.input == hours.input == Question.Input.SINGLE
        assert "four weeks" in days.text
        assert "days" in days.text
        assert "hours" in hours.text
        assert next(c.key for c in days.choices.all()) == "none"
        assert next(c.key for c in hours.choices.all()) == "none"


@pytest.mark.django_db
def test_the_diary_shows_the_urgent_message_first(program):
    prompts = [
        p
        for p in MotivationPrompt.objects.filter(question__isnull=True).order_by(
            "position"
        )
        if p.matches(9)
    ]
    assert "tool:act-now" in prompts[0].message
