"""A track and what it is made of: stages, steps, questions and choices (the
motivation prompts that answer them are in ``prompts.py``)."""

from typing import ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modules.content.models.base import (
    MARKDOWN_HELP,
    Keyed,
    Ordered,
    Publishable,
    Translatable,
)
from modules.content.models.base import markdown_help as md


class Track(Ordered, Publishable):
    """A path through the program, e.g. "I want to stop viewing CSAM"."""

    slug = models.SlugField(
        _("slug"),
        unique=True,
        help_text=_(
            "Part of the web address. Lower case letters, numbers and hyphens."
        ),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_(
            "The name of the track the visitor chooses, e.g. 'I want to stop viewing CSAM'."
        ),
    )
    tagline = models.CharField(
        _("tagline"),
        max_length=300,
        blank=True,
        help_text=_("One sentence under the title on the list of tracks."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=MARKDOWN_HELP
    )

    translatable_fields = ("title", "tagline", "description")

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering: ClassVar[list[str]] = ["position", "id"]
        permissions: ClassVar[list[tuple[str, str]]] = [
            ("translate_content", _("Can translate the program's content")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("journey:track", kwargs={"track": self.slug})


class Stage(Ordered, Publishable):
    track = models.ForeignKey(
        Track,
        on_delete=models.CASCADE,
        related_name="stages",
        verbose_name=_("track"),
    )
    slug = models.SlugField(
        _("slug"), help_text=_("Part of the web address. Unique within the track.")
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=md(_("Shown at the top of the stage's first page.")),
    )
    closing = models.TextField(
        _("closing words"),
        blank=True,
        help_text=md(
            _(
                "Shown on the stage summary, after what the visitor wrote: what comes next, where to find professional help."
            )
        ),
    )

    translatable_fields = ("title", "intro", "closing")

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering: ClassVar[list[str]] = ["track", "position", "id"]
        constraints = (
            models.UniqueConstraint(
                fields=["track", "slug"], name="stage_slug_unique_in_track"
            ),
        )

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "journey:stage", kwargs={"track": self.track.slug, "stage": self.slug}
        )


class Step(Ordered, Publishable):
    class Kind(models.TextChoices):
        READING = "reading", _("Reading")
        REFLECTION = "reflection", _("Reflection (free-text questions)")
        SCALE = "scale", _("Scale (0-10 ratings)")
        CHECKLIST = "checklist", _("Checklist")
        QUIZ = "quiz", _("Quiz (feedback for each answer)")
        BALANCE = "balance", _("Decisional balance (four boxes)")
        PLAN = "plan", _("Plan (builds My plan)")

    class SelfCheck(models.TextChoices):
        NONE = "", _("No")
        START = "start", _("Yes: the self-check at the start")
        END = "end", _("Yes: the same self-check at the end")

    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="steps", verbose_name=_("stage")
    )
    slug = models.SlugField(
        _("slug"), help_text=_("Part of the web address. Unique within the stage.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.READING,
        help_text=_(
            "What the visitor does on this step. It decides how the questions are shown."
        ),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=md(
            _("Shown above the questions. For a reading step, the whole text.")
        ),
    )
    self_check = models.CharField(
        _("self-check"),
        max_length=10,
        choices=SelfCheck.choices,
        blank=True,
        default="",
        help_text=_(
            "Mark the self-check ratings at the start and at the end of a track: the visitor sees both side by side. Both must use the same question keys."
        ),
    )

    translatable_fields = ("title", "body")

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering: ClassVar[list[str]] = ["stage", "position", "id"]
        constraints = (
            models.UniqueConstraint(
                fields=["stage", "slug"], name="step_slug_unique_in_stage"
            ),
        )

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        stage = self.stage
        return reverse(
            "journey:step",
            kwargs={"track": stage.track.slug, "stage": stage.slug, "step": self.slug},
        )


class Question(Keyed, Ordered, Translatable):
    class Input(models.TextChoices):
        TEXT = "text", _("Free text")
        RATING = "rating", _("Rating 0-10")
        SINGLE = "single", _("Pick one")
        MULTIPLE = "multiple", _("Pick any")

    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="questions", verbose_name=_("step")
    )
    input = models.CharField(
        _("answer"),
        max_length=10,
        choices=Input.choices,
        default=Input.TEXT,
        help_text=_("How the visitor answers."),
    )
    text = models.CharField(
        _("question"),
        max_length=500,
        help_text=_("The question, as the visitor reads it next to the answer field."),
    )
    help_text = models.TextField(
        _("hint"),
        blank=True,
        help_text=md(_("Optional hint shown under the question.")),
    )
    min_label = models.CharField(
        _("label for 0"),
        max_length=100,
        blank=True,
        help_text=_("Ratings only: what 0 means, e.g. 'Not important at all'."),
    )
    max_label = models.CharField(
        _("label for 10"),
        max_length=100,
        blank=True,
        help_text=_("Ratings only: what 10 means."),
    )
    allow_other = models.BooleanField(
        _("offer 'something else'"),
        default=False,
        help_text=_("Pick-any questions: adds 'Something else' with a text box."),
    )
    max_choices = models.PositiveSmallIntegerField(
        _("most choices"),
        null=True,
        blank=True,
        help_text=_("Pick-any questions: how many may be ticked at most (empty: any)."),
    )
    plan_heading = models.CharField(
        _("heading on My plan"),
        max_length=200,
        blank=True,
        help_text=_(
            "If set, the answer also appears on the visitor's My plan under this heading."
        ),
    )

    translatable_fields = (
        "text",
        "help_text",
        "min_label",
        "max_label",
        "plan_heading",
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering: ClassVar[list[str]] = ["step", "position", "id"]
        constraints = (
            models.UniqueConstraint(
                fields=["step", "key"], name="question_key_unique_in_step"
            ),
        )

    def __str__(self):
        return self.text

    @property
    def has_choices(self):
        return self.input in (self.Input.SINGLE, self.Input.MULTIPLE)


class Choice(Keyed, Ordered, Translatable):
    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="choices",
        verbose_name=_("question"),
    )
    text = models.CharField(_("text"), max_length=500)
    feedback = models.TextField(
        _("feedback"),
        blank=True,
        help_text=md(_("Shown to the visitor after they pick this answer (quizzes).")),
    )
    is_correct = models.BooleanField(
        _("correct answer"),
        default=False,
        help_text=_("Quizzes: marks the answer the feedback treats as right."),
    )

    translatable_fields = ("text", "feedback")

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering: ClassVar[list[str]] = ["question", "position", "id"]
        constraints = (
            models.UniqueConstraint(
                fields=["question", "key"], name="choice_key_unique_in_question"
            ),
        )

    def __str__(self):
        return self.text
