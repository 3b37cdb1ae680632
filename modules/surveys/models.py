"""Surveys as program content, and the anonymous answers they collect.

A survey, its questions and their choices are content like a step's: they
have stable keys, are translated in content.po and are published as steps
are (``Publishable``). The answers are research data, kept apart from the
journals: each ``Answer`` row is one answer to one question, with nothing
that ties it to a visitor or to the other answers given with it (see
``docs/research.md`` for why the rows are kept apart, and what that costs).
"""

import uuid
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modules.content.models import (
    MARKDOWN_HELP,
    Keyed,
    Ordered,
    Publishable,
    Question,
    Track,
    Translatable,
)
from modules.content.models.base import markdown_help as md


class Survey(Publishable):
    """An anonymous survey: an introduction, the consent and what is stored,
    then questions."""

    class Offer(models.TextChoices):
        NOWHERE = "", _("Only at its own address")
        START = "start", _("Also at the start of the track")
        END = "end", _("Also at the end of the track")

    slug = models.SlugField(
        _("slug"),
        unique=True,
        help_text=_(
            "Part of the survey's own address (/en/survey/<slug>/). Lower case "
            "letters, numbers and hyphens."
        ),
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True, help_text=MARKDOWN_HELP)
    consent = models.TextField(
        _("consent"),
        blank=True,
        help_text=md(
            _("Shown before the questions: that taking part is voluntary, and why.")
        ),
    )
    stored = models.TextField(
        _("what is stored"),
        blank=True,
        help_text=md(
            _(
                "Shown before the questions, after the site's own exact list of "
                "what is stored: anything this survey adds to it."
            )
        ),
    )
    thanks = models.TextField(
        _("thank-you words"),
        blank=True,
        help_text=md(_("Shown after the answers are sent.")),
    )
    allows_free_text = models.BooleanField(
        _("keep written answers"),
        default=False,
        help_text=_(
            "Only if ticked are free-text answers stored; researchers must review "
            "each one before it is exported."
        ),
    )
    track = models.ForeignKey(
        Track,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("track"),
        help_text=_("The track whose start or end offers this survey."),
    )
    offer_at = models.CharField(
        _("offered"),
        max_length=10,
        choices=Offer.choices,
        blank=True,
        default=Offer.NOWHERE,
    )

    translatable_fields = ("title", "intro", "consent", "stored", "thanks")

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering: ClassVar[list[str]] = ["slug"]
        permissions: ClassVar[list[tuple[str, str]]] = [
            ("view_results", _("Can see and export survey results")),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:survey", kwargs={"slug": self.slug})

    def clean(self):
        if self.offer_at and self.track_id is None:
            raise ValidationError(
                {"track": _("Choose the track whose start or end offers the survey.")}
            )


class SurveyQuestion(Keyed, Ordered, Translatable):
    """One question; its kinds are a step question's kinds."""

    survey = models.ForeignKey(
        Survey,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("survey"),
    )
    input = models.CharField(
        _("answer"),
        max_length=10,
        choices=Question.Input.choices,
        default=Question.Input.SINGLE,
    )
    text = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(
        _("hint"), blank=True, help_text=md(_("Optional hint under the question."))
    )
    min_label = models.CharField(_("label for 0"), max_length=100, blank=True)
    max_label = models.CharField(_("label for 10"), max_length=100, blank=True)
    is_optional = models.BooleanField(
        _("optional"),
        default=True,
        help_text=_("An optional question may be left without an answer."),
    )
    prefer_not_to_say = models.BooleanField(
        _("offer 'prefer not to say'"), default=True
    )
    show_if = models.ForeignKey(
        "SurveyChoice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only if the answer to an earlier question was"),
        help_text=_(
            "Skip rule: the question is asked only of those who picked this "
            "choice in an earlier question."
        ),
    )

    translatable_fields = ("text", "help_text", "min_label", "max_label")

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering: ClassVar[list[str]] = ["survey", "position", "id"]
        constraints = (
            models.UniqueConstraint(
                fields=["survey", "key"], name="survey_question_key_unique"
            ),
        )

    def __str__(self):
        return self.text

    @property
    def has_choices(self):
        return self.input in (Question.Input.SINGLE, Question.Input.MULTIPLE)

    def clean(self):
        rule = self.show_if
        if rule is not None and (
            rule.question.survey_id != self.survey_id
            or rule.question.position >= self.position
        ):
            raise ValidationError(
                {
                    "show_if": _(
                        "The skip rule must name a choice of an earlier question."
                    )
                }
            )


class SurveyChoice(Keyed, Ordered, Translatable):
    question = models.ForeignKey(
        SurveyQuestion,
        on_delete=models.CASCADE,
        related_name="choices",
        verbose_name=_("question"),
    )
    text = models.CharField(_("text"), max_length=500)
    is_improvement = models.BooleanField(
        _("counts as 'use decreased or stopped'"),
        default=False,
        help_text=_(
            "For the outcome figure on the dashboard: the share of respondents "
            "who picked a choice marked so."
        ),
    )

    translatable_fields = ("text",)

    class Meta:
        verbose_name = _("survey choice")
        verbose_name_plural = _("survey choices")
        ordering: ClassVar[list[str]] = ["question", "position", "id"]
        constraints = (
            models.UniqueConstraint(
                fields=["question", "key"], name="survey_choice_key_unique"
            ),
        )

    def __str__(self):
        return self.text


class Answer(models.Model):
    """One answer to one question, and nothing else.

    No respondent, session, cookie or journal; no response id shared with
    the other answers sent at the same time; a random primary key (never a
    counter, and on SQLite no rowid: migration 0002) and only the week.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(
        SurveyQuestion,
        # Research data outlives an edit: a question with answers cannot be
        # deleted (unpublish the survey instead).
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("question"),
    )
    language = models.CharField(_("language"), max_length=10)
    week = models.DateField(_("week starting (Monday)"))
    choices = models.JSONField(_("choices picked"), default=list, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    declined = models.BooleanField(_("prefer not to say"), default=False)
    text = models.TextField(_("written answer"), blank=True)
    is_reviewed = models.BooleanField(
        _("reviewed"),
        default=False,
        help_text=_(
            "Tick once the written answer has been read and any identifying "
            "detail removed: only reviewed text is exported."
        ),
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        # By the random key: listing in any other order would hint at when
        # (and with which others) a row was written.
        ordering: ClassVar[list[str]] = ["id"]
        permissions: ClassVar[list[tuple[str, str]]] = [
            ("review_text", _("Can review written survey answers")),
        ]
        constraints = (
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__lte=10),
                name="survey_answer_rating_0_to_10",
            ),
        )

    def __str__(self):
        return str(_("Survey answer"))


class WrittenAnswer(Answer):
    """The written answers, as researchers review them in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("written survey answer")
        verbose_name_plural = _("written survey answers")


class ResponseCount(models.Model):
    """How many sent a survey in a week, in a language: a count, nothing else
    (as the usage counts are), so results can say how many took part. Its
    key is random too: a counter would tell in which order each week's and
    each language's first response came."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey,
        on_delete=models.PROTECT,
        related_name="response_counts",
        verbose_name=_("survey"),
    )
    language = models.CharField(_("language"), max_length=10)
    week = models.DateField(_("week starting (Monday)"))
    count = models.PositiveIntegerField(_("responses"), default=0)

    class Meta:
        verbose_name = _("survey response count")
        verbose_name_plural = _("survey response counts")
        ordering: ClassVar[list[str]] = ["survey", "-week", "language"]
        constraints = (
            models.UniqueConstraint(
                fields=["survey", "language", "week"],
                name="survey_response_count_unique",
            ),
        )

    def __str__(self):
        return f"{self.survey} {self.language} {self.week}: {self.count}"
