"""What help-seekers leave behind: one encrypted journal each, anonymous
weekly counts, and the site-wide throttle on save-code guesses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Journal(models.Model):
    """One visitor's answers and progress, as a single encrypted record.

    Nothing here says whose it is: the key is not stored (it is in the
    visitor's cookie, or derived from their save code), the lookup id is
    random (or derived from the code), and only the day of last use is kept.
    """

    lookup = models.CharField(_("lookup id"), max_length=64, primary_key=True)
    ciphertext = models.BinaryField(_("encrypted record"))
    is_saved = models.BooleanField(_("saved with a code"), default=False)
    last_used = models.DateField(_("last used (day)"))

    class Meta:
        verbose_name = _("journal")
        verbose_name_plural = _("journals")
        indexes = [
            models.Index(fields=["is_saved", "last_used"], name="journal_expiry_idx")
        ]

    def __str__(self):
        return _("Encrypted journal")


class UsageCount(models.Model):
    """Anonymous weekly counts for clinicians: how often something happened,
    and nothing else (no visitor, no time of day).

    ``subject`` is the UUID of the track, stage or step concerned, or empty
    for site-wide counts (journals saved, diary entries).
    """

    class Metric(models.TextChoices):
        STEP_COMPLETED = "step_completed", _("Step completed")
        STAGE_COMPLETED = "stage_completed", _("Stage completed")
        TRACK_COMPLETED = "track_completed", _("Track completed")
        JOURNAL_SAVED = "journal_saved", _("Journal saved with a code")
        DIARY_ENTRY = "diary_entry", _("Urge diary entry")

    metric = models.CharField(_("what"), max_length=20, choices=Metric.choices)
    subject = models.CharField(
        _("track, stage or step"), max_length=36, blank=True, default=""
    )
    week = models.DateField(_("week starting"))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("usage count")
        verbose_name_plural = _("usage counts")
        ordering = ["-week", "metric"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "subject", "week"], name="usage_count_unique_per_week"
            ),
        ]

    def __str__(self):
        return f"{self.get_metric_display()} {self.week}: {self.count}"


class CodeThrottle(models.Model):
    """How many code checks failed in the current minute, site-wide. Rows
    older than a minute are deleted as soon as a new failure comes in."""

    minute = models.BigIntegerField(_("minute"), unique=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)

    class Meta:
        verbose_name = _("code check throttle")
        verbose_name_plural = _("code check throttles")

    def __str__(self):
        return f"{self.failures}"
