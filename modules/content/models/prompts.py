"""Motivation prompts: a clinician's message shown when a visitor's answer
meets a rule (a rating, a choice, or a change since their first answer)."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from modules.content.models.base import Ordered, Translatable
from modules.content.models.base import markdown_help as md
from modules.content.models.track import Choice, Question


class MotivationPrompt(Ordered, Translatable):
    """A clinician's message shown when an answer meets a rule."""

    class Rule(models.TextChoices):
        AT_MOST = "at_most", _("Rating at or below")
        AT_LEAST = "at_least", _("Rating at or above")
        # A midpoint means something of its own (on a balance, 5 = both sides
        # weigh the same), so it needs its own message.
        EQUALS = "equals", _("Rating exactly")
        CHOICE = "choice", _("Choice picked")
        # Compared with the visitor's first answer to the same question, so a
        # closing prompt meets the person where they started: on a self-check
        # at the end, the same key at the start; elsewhere, the first rating
        # this visitor gave the question. "Rating" is then the difference.
        FELL = "fell", _("Lower than the first answer by at least")
        ROSE = "rose", _("Higher than the first answer by at least")
        HELD = "held", _("No further from the first answer than")

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
        help_text=_(
            "For rating rules: the rating, 0 to 10. For rules that compare with the first answer: the difference (a pick-one answer counts by its place in the list)."
        ),
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
        help_text=md(
            _(
                "Reflect, affirm, never shame. {rating} is replaced by the visitor's rating."
            )
        ),
    )

    translatable_fields = ("message",)

    class Meta:
        verbose_name = _("motivation prompt")
        verbose_name_plural = _("motivation prompts")
        ordering: ClassVar[list[str]] = ["question", "position", "id"]
        constraints = (
            models.CheckConstraint(
                condition=(
                    models.Q(rule="choice", choice__isnull=False)
                    | (
                        ~models.Q(rule="choice")
                        & models.Q(value__isnull=False, value__lte=10)
                    )
                ),
                name="prompt_rule_has_its_value",
                violation_error_message=_(
                    "Say when this prompt shows: for 'Choice picked' choose the "
                    "choice; for a rating rule give a rating from 0 to 10."
                ),
            ),
        )

    def __str__(self):
        if self.rule == self.Rule.CHOICE:
            return f"{self.get_rule_display()}: {self.choice}"
        return f"{self.get_rule_display()} {self.value}"

    @property
    def compares_with_first(self):
        return self.rule in (self.Rule.FELL, self.Rule.ROSE, self.Rule.HELD)

    def matches(self, answer, first=None):
        """Whether this prompt applies to an answer (a rating, or a list of
        choice keys); rules that compare take the answer and ``first`` as levels
        (a rating, or a choice's place in its list)."""
        if self.compares_with_first:
            if not isinstance(answer, int) or not isinstance(first, int):
                return False
            change = answer - first
            if self.rule == self.Rule.FELL:
                return change <= -self.value
            if self.rule == self.Rule.ROSE:
                return change >= self.value
            return abs(change) <= self.value
        if self.rule == self.Rule.CHOICE:
            return isinstance(answer, list | tuple) and self.choice.key in answer
        if not isinstance(answer, int):
            return False
        if self.rule == self.Rule.AT_MOST:
            return answer <= self.value
        if self.rule == self.Rule.EQUALS:
            return answer == self.value
        return answer >= self.value
