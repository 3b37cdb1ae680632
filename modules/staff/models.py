"""The staff side's records: sign-in locks (by username after repeated
failures, never by IP address, which is never read) and the anonymous weekly
usage counts."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffSignInLock(models.Model):
    """Failed sign-ins in a row for one existing account, keyed on its
    username as stored (NFKC-normalised): never a row for a name that is no
    account's. Deleted at the account's next sign-in and once the lock has
    passed (see signin.py)."""

    username = models.CharField(_("username"), max_length=150, unique=True)
    failures = models.PositiveIntegerField(_("failed sign-ins in a row"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff sign-in lock")
        verbose_name_plural = _("staff sign-in locks")

    def __str__(self):
        return self.username


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
        ordering: ClassVar[list[str]] = ["-week", "metric"]
        permissions: ClassVar[list[tuple[str, str]]] = [
            ("view_dashboard", _("Can see the anonymous usage dashboard")),
        ]
        constraints = (
            models.UniqueConstraint(
                fields=["metric", "subject", "week"], name="usage_count_unique_per_week"
            ),
        )

    def __str__(self):
        return f"{self.get_metric_display()} {self.week}: {self.count}"
