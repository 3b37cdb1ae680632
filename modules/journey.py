"""The help-seeker's journey through a track: forms for each step, saving
answers into the journal, navigation, summaries, My plan and the workbook.

Answers live in the journal (``request.journal.data``) as
``answers[<step uuid>] = {"q": {<question key>: value}, "other": {...}}``:
text for free text, an int for a rating, a choice key for "pick one", a list
of choice keys for "pick any".
"""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules import content_cache
from modules.content_i18n import translate
from modules.journal import today
from modules.models import MotivationPrompt, Question, Step, UsageCount
from modules.rendering import render_markdown

RATINGS = [(str(n), str(n)) for n in range(11)]
OTHER = "__other__"


# --- Counting, anonymously -------------------------------------------------------


def week_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def count_usage(metric: str, subject=None):
    """Add one to this week's count. Nothing about the visitor is recorded."""
    week = week_of(today())
    key = str(subject.uuid) if subject is not None else ""
    rows = UsageCount.objects.filter(metric=metric, subject=key, week=week)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            UsageCount.objects.create(metric=metric, subject=key, week=week, count=1)
    except IntegrityError:
        rows.update(count=F("count") + 1)


# --- Loading a step with everything it shows -------------------------------------


def step_with_questions(program, stage_slug, step_slug, preview=False):
    """The step, its questions, their choices and prompts: a fixed number of
    queries, or none when the content cache has it."""
    if not preview:
        return content_cache.cached(
            ("step", program.slug, stage_slug, step_slug),
            lambda: _step_with_questions(program, stage_slug, step_slug, False),
        )
    return _step_with_questions(program, stage_slug, step_slug, preview)


def _step_with_questions(program, stage_slug, step_slug, preview):
    steps = Step.objects.filter(
        stage__program=program, stage__slug=stage_slug, slug=step_slug
    )
    if not preview:
        steps = steps.filter(is_published=True, stage__is_published=True)
    prompts = MotivationPrompt.objects.select_related("choice")
    questions = Question.objects.prefetch_related(
        "choices", Prefetch("prompts", queryset=prompts)
    )
    return (
        steps.select_related("stage")
        .prefetch_related(Prefetch("questions", queryset=questions))
        .first()
    )


# --- The order of steps ----------------------------------------------------------


@dataclass
class Outline:
    """A track's stages and steps, in order, with the visitor's progress."""

    program: object
    stages: list
    done: set

    @property
    def steps(self):
        return [step for stage in self.stages for step in stage.steps.all()]

    @property
    def total(self):
        return len(self.steps)

    @property
    def completed(self):
        return sum(1 for step in self.steps if str(step.uuid) in self.done)

    def stage_status(self, stage):
        steps = list(stage.steps.all())
        finished = sum(1 for step in steps if str(step.uuid) in self.done)
        if steps and finished == len(steps):
            return "done"
        return "in_progress" if finished else "not_started"

    def next_step(self):
        """The first step not done yet (where to continue)."""
        for step in self.steps:
            if str(step.uuid) not in self.done:
                return step
        return None

    def neighbours(self, current):
        """The URLs before and after ``current`` (a step), in reading order."""
        stage = next(s for s in self.stages if s.id == current.stage_id)
        steps = list(stage.steps.all())
        index = next(i for i, s in enumerate(steps) if s.id == current.id)
        if index > 0:
            previous = step_url(self.program, stage, steps[index - 1])
        else:
            previous = stage_url(self.program, stage)
        if index + 1 < len(steps):
            following = step_url(self.program, stage, steps[index + 1])
        else:
            following = summary_url(self.program, stage)
        return previous, following

    def stage_after(self, stage):
        for i, s in enumerate(self.stages):
            if s.id == stage.id and i + 1 < len(self.stages):
                return self.stages[i + 1]
        return None


def outline(program, journal_data) -> Outline:
    stages = list(program.stages.all())
    for stage in stages:
        stage.program = program
    return Outline(
        program=program, stages=stages, done=set(journal_data.get("done", []))
    )


def step_url(program, stage, step):
    return reverse(
        "modules:step",
        kwargs={"program": program.slug, "stage": stage.slug, "step": step.slug},
    )


def stage_url(program, stage):
    return reverse(
        "modules:stage_detail", kwargs={"program": program.slug, "stage": stage.slug}
    )


def summary_url(program, stage):
    return reverse(
        "modules:stage_summary", kwargs={"program": program.slug, "stage": stage.slug}
    )


# --- Forms -------------------------------------------------------------------------


class AnswerForm(forms.Form):
    """The answers to one step, built from its questions."""

    def __init__(self, step, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.questions = list(step.questions.all())
        for question in self.questions:
            name = f"q_{question.key}"
            if question.input == Question.Input.RATING:
                self.fields[name] = forms.TypedChoiceField(
                    choices=RATINGS,
                    coerce=int,
                    empty_value=None,
                    required=step.kind == Step.Kind.SCALE,
                    error_messages={
                        "required": gettext_lazy(
                            "Choose a number from 0 to 10, or skip this step."
                        )
                    },
                )
            elif question.input == Question.Input.SINGLE:
                self.fields[name] = forms.ChoiceField(
                    choices=[(c.key, c.key) for c in question.choices.all()],
                    required=step.kind == Step.Kind.QUIZ,
                    error_messages={
                        "required": gettext_lazy("Pick an answer to see what it means.")
                    },
                )
            elif question.input == Question.Input.MULTIPLE:
                choices = [(c.key, c.key) for c in question.choices.all()]
                if question.allow_other:
                    choices.append((OTHER, OTHER))
                    self.fields[f"{name}_other"] = forms.CharField(
                        required=False, max_length=500, strip=True
                    )
                self.fields[name] = forms.MultipleChoiceField(
                    choices=choices, required=False
                )
            else:
                self.fields[name] = forms.CharField(
                    required=False,
                    max_length=settings.ANSWER_MAX_LENGTH,
                    strip=True,
                    widget=forms.Textarea,
                )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = f"q_{question.key}"
            if question.input == Question.Input.MULTIPLE and question.allow_other:
                picked = cleaned.get(name) or []
                other = cleaned.get(f"{name}_other", "")
                if OTHER in picked and not other:
                    self.add_error(
                        f"{name}_other",
                        _("Write what the something else is, or untick it."),
                    )
                if other and OTHER not in picked:
                    picked.append(OTHER)
                    cleaned[name] = picked
        return cleaned

    def answers(self):
        """The cleaned answers, as stored in the journal."""
        values, others = {}, {}
        for question in self.questions:
            name = f"q_{question.key}"
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            values[question.key] = value
            other = self.cleaned_data.get(f"{name}_other")
            if other:
                others[question.key] = other
        return {"q": values, "other": others}


def initial_for(step, journal_data):
    saved = journal_data["answers"].get(str(step.uuid), {})
    initial = {}
    for key, value in saved.get("q", {}).items():
        initial[f"q_{key}"] = str(value) if isinstance(value, int) else value
    for key, value in saved.get("other", {}).items():
        initial[f"q_{key}_other"] = value
    return initial


def options_html(view):
    """The radio buttons or checkboxes of a question, built in Python: on a
    scale step they are most of the page, and the template engine is slow."""
    question = view.question
    name = view.name
    if question.input == Question.Input.RATING:
        items = [
            format_html(
                '<li><label for="id_{0}_{1}"><input type="radio" id="id_{0}_{1}" name="{0}" value="{1}"{2}>{3}</label></li>',
                name,
                value,
                mark_safe(" checked") if checked else "",
                label,
            )
            for value, label, checked in view.options
        ]
        return format_html('<ul class="scale">{}</ul>', mark_safe("".join(items)))
    kind = "radio" if question.input == Question.Input.SINGLE else "checkbox"
    items = []
    for number, (value, label, checked) in enumerate(view.options, start=1):
        text = (
            format_html('<span lang="en">{}</span>', label)
            if getattr(label, "is_fallback", False)
            else label
        )
        items.append(
            format_html(
                '<li><label for="id_{0}_{1}"><input type="{2}" id="id_{0}_{1}" name="{0}" value="{3}"{4}><span>{5}</span></label></li>',
                name,
                number,
                kind,
                value,
                mark_safe(" checked") if checked else "",
                text,
            )
        )
    return format_html('<ul class="options">{}</ul>', mark_safe("".join(items)))


@dataclass
class QuestionView:
    """What a template needs to show one question and its answer field."""

    question: Question
    name: str
    label: object
    hint_html: str
    value: object
    errors: list
    options: list = field(default_factory=list)
    other_name: str = ""
    other_value: str = ""
    other_errors: list = field(default_factory=list)
    options_html: str = ""


def question_views(form: AnswerForm):
    views = []
    for question in form.questions:
        name = f"q_{question.key}"
        bound = form[name]
        value = bound.value()
        view = QuestionView(
            question=question,
            name=name,
            label=translate(question, "text"),
            hint_html=render_markdown(translate(question, "help_text").text),
            value=value if value is not None else "",
            errors=list(bound.errors),
        )
        if question.input == Question.Input.RATING:
            current = str(value) if value not in (None, "") else ""
            view.options = [(str(n), str(n), str(n) == current) for n in range(11)]
        elif question.has_choices:
            picked = value if isinstance(value, list) else [value] if value else []
            picked = [str(p) for p in picked]
            view.options = [
                (c.key, translate(c, "text"), c.key in picked)
                for c in question.choices.all()
            ]
            if question.allow_other:
                other = form[f"{name}_other"]
                view.other_name = other.html_name
                view.other_value = other.value() or ""
                view.other_errors = list(other.errors)
                view.options.append(
                    (
                        OTHER,
                        _("Something else"),
                        OTHER in picked or bool(view.other_value),
                    )
                )
        if view.options:
            view.options_html = options_html(view)
        views.append(view)
    return views


# --- Saving ------------------------------------------------------------------------


def save_step(journal, step, answers=None, track=None) -> bool:
    """Store a step's answers (or mark a reading step done); returns True the
    first time this visitor completes the step. Completing a step, its whole
    stage and its whole track each add one to that week's anonymous count."""
    data = journal.data
    key = str(step.uuid)
    if answers is not None:
        data["answers"][key] = answers
        day = today().isoformat()
        for question in step.questions.all():
            value = answers["q"].get(question.key)
            if question.input == Question.Input.RATING and isinstance(value, int):
                data["history"].append(
                    {"d": day, "s": key, "k": question.key, "v": value}
                )
    first = key not in data["done"]
    if first:
        data["done"].append(key)
    data["last"] = key
    journal.save()
    if first:
        count_usage(UsageCount.Metric.STEP_COMPLETED, step)
        if track is not None:
            done = set(data["done"])
            stage = next(s for s in track.stages if s.id == step.stage_id)
            if all(str(s.uuid) in done for s in stage.steps.all()):
                count_usage(UsageCount.Metric.STAGE_COMPLETED, stage)
                if all(str(s.uuid) in done for s in track.steps):
                    count_usage(UsageCount.Metric.TRACK_COMPLETED, track.program)
    return first


def reactions(step, saved):
    """The quiz feedback and motivation prompts that answer what was saved."""
    feedback, prompts = [], []
    values = saved.get("q", {}) if saved else {}
    for question in step.questions.all():
        value = values.get(question.key)
        if value is None:
            continue
        if question.input == Question.Input.SINGLE:
            for choice in question.choices.all():
                if choice.key == value and choice.feedback:
                    feedback.append({"question": question, "choice": choice})
        picked = (
            value
            if isinstance(value, list)
            else [value]
            if isinstance(value, str)
            else value
        )
        for prompt in question.prompts.all():
            if prompt.matches(picked):
                prompts.append(
                    {
                        "prompt": prompt,
                        "rating": value if isinstance(value, int) else "",
                    }
                )
    return feedback, prompts


# --- Showing answers -----------------------------------------------------------------


def display_answer(question, value, other=""):
    """An answer as text in the visitor's language."""
    if value is None or value == "" or value == []:
        return ""
    if question.input == Question.Input.RATING:
        return _("%(rating)s of 10") % {"rating": value}
    if question.has_choices:
        by_key = {c.key: c for c in question.choices.all()}
        keys = value if isinstance(value, list) else [value]
        texts = []
        for key in keys:
            if key == OTHER:
                texts.append(other or _("Something else"))
            elif key in by_key:
                texts.append(translate(by_key[key], "text").text)
        return "; ".join(texts)
    return str(value)


def step_answers(step, journal_data):
    saved = journal_data["answers"].get(str(step.uuid), {})
    rows = []
    for question in step.questions.all():
        text = display_answer(
            question,
            saved.get("q", {}).get(question.key),
            saved.get("other", {}).get(question.key, ""),
        )
        rows.append({"question": question, "answer": text})
    return rows


def stage_questions(stage):
    """Every question of a stage's published steps, with choices (for summaries)."""
    return (
        Step.objects.filter(stage=stage, is_published=True)
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.prefetch_related("choices"))
        )
        .order_by("position", "id")
    )


def plan_sections(journal_data):
    """My plan: every answer to a question with a plan heading, by heading."""
    answered = journal_data["answers"]
    if not answered:
        return []
    questions = (
        Question.objects.exclude(plan_heading="")
        .filter(step__uuid__in=list(answered), step__is_published=True)
        .select_related("step__stage__program")
        .prefetch_related("choices")
        .order_by(
            "step__stage__program__position",
            "step__stage__position",
            "step__position",
            "position",
        )
    )
    sections = {}
    for question in questions:
        saved = answered.get(str(question.step.uuid), {})
        text = display_answer(
            question,
            saved.get("q", {}).get(question.key),
            saved.get("other", {}).get(question.key, ""),
        )
        if not text:
            continue
        heading = translate(question, "plan_heading").text
        sections.setdefault(heading, []).append({"question": question, "answer": text})
    return [{"heading": heading, "items": items} for heading, items in sections.items()]


def self_check_rows(program, journal_data):
    """Start and end self-check ratings side by side, matched by question key."""
    return self_check_by_program([program], journal_data).get(program.id, [])


def self_check_by_program(programs, journal_data):
    """``self_check_rows`` for several tracks at once, in two queries."""
    steps = (
        Step.objects.filter(
            stage__program__in=programs, self_check__in=["start", "end"]
        )
        .select_related("stage")
        .prefetch_related("questions")
        .order_by("stage__position", "position")
    )
    pairs = {}
    for step in steps:
        pairs.setdefault(step.stage.program_id, {}).setdefault(step.self_check, step)
    result = {}
    for program_id, pair in pairs.items():
        start, end = pair.get("start"), pair.get("end")
        if start is None or end is None:
            continue
        start_answers = journal_data["answers"].get(str(start.uuid), {}).get("q", {})
        end_answers = journal_data["answers"].get(str(end.uuid), {}).get("q", {})
        rows = []
        for question in start.questions.all():
            before = start_answers.get(question.key)
            after = end_answers.get(question.key)
            if isinstance(before, int) and isinstance(after, int):
                rows.append(
                    {
                        "question": question,
                        "before": before,
                        "after": after,
                        "change": after - before,
                    }
                )
        if rows:
            result[program_id] = rows
    return result


def rating_history(journal_data):
    """Ratings the visitor gave more than once, each as a series of (day, value)."""
    series = {}
    for item in journal_data.get("history", []):
        series.setdefault((item["s"], item["k"]), []).append((item["d"], item["v"]))
    repeated = {key: points for key, points in series.items() if len(points) > 1}
    if not repeated:
        return []
    questions = {
        (str(q.step.uuid), q.key): q
        for q in Question.objects.filter(
            step__uuid__in={s for s, _k in repeated}
        ).select_related("step")
    }
    result = []
    for key, points in repeated.items():
        question = questions.get(key)
        if question is not None:
            result.append({"question": question, "points": points})
    return result


# --- The urge diary ----------------------------------------------------------------


class DiaryForm(forms.Form):
    strength = forms.TypedChoiceField(
        choices=RATINGS,
        coerce=int,
        error_messages={
            "required": gettext_lazy("Choose how strong the urge was, from 0 to 10.")
        },
    )
    situation = forms.CharField(
        required=False, max_length=2000, strip=True, widget=forms.Textarea
    )
    did = forms.CharField(
        required=False, max_length=2000, strip=True, widget=forms.Textarea
    )
    helped = forms.CharField(
        required=False, max_length=2000, strip=True, widget=forms.Textarea
    )


def add_diary_entry(journal, cleaned):
    entry = {
        "d": today().isoformat(),
        **{k: cleaned[k] for k in ("strength", "situation", "did", "helped")},
    }
    journal.data["diary"].append(entry)
    journal.save()
    count_usage(UsageCount.Metric.DIARY_ENTRY)
    return entry


def diary_prompts(strength):
    prompts = MotivationPrompt.objects.filter(question__isnull=True).order_by(
        "position"
    )
    return [p for p in prompts if p.matches(strength)]
