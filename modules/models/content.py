"""The program's content: tracks, stages, steps, questions, prompts, and the
pages, glossary and helplines around them.

Every row has a stable ``uuid``: with the model and field name it makes the
key (gettext ``msgctxt``) of the row's text in ``locale/<lang>/content.po``.
The English text in these rows is the source; see ``modules/content_i18n.py``.
"""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MARKDOWN_HELP = _(
    "Markdown: a blank line starts a new paragraph, *stars* give emphasis, "
    "lines starting with '- ' make a list."
)


class Translatable(models.Model):
    """A row whose text fields are translated in content.po."""

    uuid = models.UUIDField(
        _("translation key"), default=uuid.uuid4, unique=True, editable=False
    )

    # Fields whose text is translated, in the order translators see them.
    translatable_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def translation_context(self, field):
        return f"{self._meta.model_name}:{self.uuid}:{field}"


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Program(Translatable):
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
    position = models.PositiveIntegerField(_("position"), default=0)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Visitors see only published content. Staff can preview drafts."),
    )

    objects = PublishedQuerySet.as_manager()
    translatable_fields = ("title", "tagline", "description")

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["position", "id"]
        permissions = [
            ("translate_content", _("Can translate the program's content")),
            ("view_dashboard", _("Can see the anonymous usage dashboard")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("modules:program_detail", kwargs={"program": self.slug})


class Stage(Translatable):
    program = models.ForeignKey(
        Program,
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
        help_text=_("Shown at the top of the stage's first page.")
        + " "
        + MARKDOWN_HELP,
    )
    closing = models.TextField(
        _("closing words"),
        blank=True,
        help_text=_(
            "Shown on the stage summary, after what the visitor wrote: what comes next, where to find professional help."
        )
        + " "
        + MARKDOWN_HELP,
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Visitors see only published content. Staff can preview drafts."),
    )

    objects = PublishedQuerySet.as_manager()
    translatable_fields = ("title", "intro", "closing")

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["program", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "slug"], name="stage_slug_unique_in_program"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "modules:stage_detail",
            kwargs={"program": self.program.slug, "stage": self.slug},
        )


class Step(Translatable):
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
        help_text=_("Shown above the questions. For a reading step, the whole text.")
        + " "
        + MARKDOWN_HELP,
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
    position = models.PositiveIntegerField(_("position"), default=0)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Visitors see only published content. Staff can preview drafts."),
    )

    objects = PublishedQuerySet.as_manager()
    translatable_fields = ("title", "body")

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["stage", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "slug"], name="step_slug_unique_in_stage"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "modules:step",
            kwargs={
                "program": self.stage.program.slug,
                "stage": self.stage.slug,
                "step": self.slug,
            },
        )


class Question(Translatable):
    class Input(models.TextChoices):
        TEXT = "text", _("Free text")
        RATING = "rating", _("Rating 0-10")
        SINGLE = "single", _("Pick one")
        MULTIPLE = "multiple", _("Pick any")

    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="questions", verbose_name=_("step")
    )
    key = models.SlugField(
        _("key"),
        max_length=50,
        help_text=_(
            "A short name for the answer, unique within the step, e.g. 'importance'."
        ),
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
        help_text=_("Optional hint shown under the question.") + " " + MARKDOWN_HELP,
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
    plan_heading = models.CharField(
        _("heading on My plan"),
        max_length=200,
        blank=True,
        help_text=_(
            "If set, the answer also appears on the visitor's My plan under this heading."
        ),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

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
        ordering = ["step", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["step", "key"], name="question_key_unique_in_step"
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def has_choices(self):
        return self.input in (self.Input.SINGLE, self.Input.MULTIPLE)


class Choice(Translatable):
    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="choices",
        verbose_name=_("question"),
    )
    key = models.SlugField(
        _("key"),
        max_length=50,
        help_text=_("A short name, unique within the question."),
    )
    text = models.CharField(_("text"), max_length=500)
    feedback = models.TextField(
        _("feedback"),
        blank=True,
        help_text=_("Shown to the visitor after they pick this answer (quizzes).")
        + " "
        + MARKDOWN_HELP,
    )
    is_correct = models.BooleanField(
        _("correct answer"),
        default=False,
        help_text=_("Quizzes: marks the answer the feedback treats as right."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    translatable_fields = ("text", "feedback")

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "key"], name="choice_key_unique_in_question"
            ),
        ]

    def __str__(self):
        return self.text


class MotivationPrompt(Translatable):
    """A clinician's message shown when an answer meets a rule."""

    class Rule(models.TextChoices):
        AT_MOST = "at_most", _("Rating at or below")
        AT_LEAST = "at_least", _("Rating at or above")
        CHOICE = "choice", _("Choice picked")

    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="prompts",
        null=True,
        blank=True,
        verbose_name=_("question"),
        help_text=_("Leave empty for a prompt on the urge diary's strength rating."),
    )
    rule = models.CharField(_("show when"), max_length=10, choices=Rule.choices)
    value = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        help_text=_("For rating rules: the rating, 0 to 10."),
    )
    choice = models.ForeignKey(
        Choice,
        on_delete=models.CASCADE,
        related_name="prompts",
        null=True,
        blank=True,
        verbose_name=_("choice"),
        help_text=_("For 'choice picked': the choice."),
    )
    message = models.TextField(
        _("message"),
        help_text=_(
            "Reflect, affirm, never shame. {rating} is replaced by the visitor's rating."
        )
        + " "
        + MARKDOWN_HELP,
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    translatable_fields = ("message",)

    class Meta:
        verbose_name = _("motivation prompt")
        verbose_name_plural = _("motivation prompts")
        ordering = ["question", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(rule="choice", choice__isnull=False)
                    | (
                        ~models.Q(rule="choice")
                        & models.Q(value__isnull=False, value__lte=10)
                    )
                ),
                name="prompt_rule_has_its_value",
            ),
        ]

    def __str__(self):
        if self.rule == self.Rule.CHOICE:
            return f"{self.get_rule_display()}: {self.choice}"
        return f"{self.get_rule_display()} {self.value}"

    def matches(self, answer):
        """Whether this prompt applies to an answer (a rating, or a list of choice keys)."""
        if self.rule == self.Rule.CHOICE:
            return isinstance(answer, list | tuple) and self.choice.key in answer
        if not isinstance(answer, int):
            return False
        if self.rule == self.Rule.AT_MOST:
            return answer <= self.value
        return answer >= self.value


class Page(Translatable):
    """A page of clinician-written text outside the tracks."""

    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=MARKDOWN_HELP)
    is_published = models.BooleanField(_("published"), default=False)

    objects = PublishedQuerySet.as_manager()
    translatable_fields = ("title", "body")

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("modules:page", kwargs={"slug": self.slug})


class GlossaryTerm(Translatable):
    slug = models.SlugField(_("slug"), unique=True)
    term = models.CharField(_("term"), max_length=200)
    definition = models.TextField(_("definition"), help_text=MARKDOWN_HELP)
    is_published = models.BooleanField(_("published"), default=False)

    objects = PublishedQuerySet.as_manager()
    translatable_fields = ("term", "definition")

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term"]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("modules:glossary") + f"#{self.slug}"


class Helpline(Translatable):
    class Kind(models.TextChoices):
        PREVENTION = (
            "prevention",
            _("For people worried about their sexual thoughts or CSAM use"),
        )
        CRISIS = "crisis", _("Suicide and mental-health crisis")
        REPORTING = "reporting", _("Reporting child sexual abuse material")

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    countries = models.CharField(
        _("countries"),
        max_length=200,
        blank=True,
        help_text=_(
            "Two-letter country codes separated by commas, e.g. 'FI' or 'GB,IE'. Leave empty for an international service."
        ),
    )
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_(
            "Two-letter codes of the languages it answers in, e.g. 'fi,sv'. Empty if the source does not say."
        ),
    )
    offers = models.TextField(_("what it offers"), blank=True)
    contact = models.TextField(
        _("contact"),
        help_text=_("Numbers and addresses exactly as the source gives them.")
        + " "
        + MARKDOWN_HELP,
    )
    hours = models.CharField(_("opening hours"), max_length=300, blank=True)
    anonymity = models.TextField(
        _("anonymity"),
        blank=True,
        help_text=_(
            "What the service says about anonymity and its limits, e.g. when it must report."
        ),
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    source = models.CharField(
        _("source"),
        max_length=1000,
        help_text=_("The page(s) the contact details were read on."),
    )
    source_date = models.CharField(_("date of the source"), max_length=20, blank=True)
    checked_on = models.DateField(
        _("last checked"),
        help_text=_("The day someone last checked the details against the source."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=False)

    objects = PublishedQuerySet.as_manager()
    translatable_fields = ("offers", "contact", "hours", "anonymity")

    class Meta:
        verbose_name = _("helpline")
        verbose_name_plural = _("helplines")
        ordering = ["kind", "position", "name"]

    def __str__(self):
        return self.name

    @property
    def country_list(self):
        return [c.strip().upper() for c in self.countries.split(",") if c.strip()]

    @property
    def language_list(self):
        return [c.strip().lower() for c in self.languages.split(",") if c.strip()]

    @property
    def source_list(self):
        return [s.strip() for s in self.source.split(";") if s.strip()]
