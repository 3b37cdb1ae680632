"""Anonymous weekly usage counts: how often something happened, and nothing
else (no visitor, no time of day). The help-seeker's side announces progress
with signals; this module counts it."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from modules.journal.models import today
from modules.staff.models import UsageCount

METRICS = {
    "step": UsageCount.Metric.STEP_COMPLETED,
    "stage": UsageCount.Metric.STAGE_COMPLETED,
    "track": UsageCount.Metric.TRACK_COMPLETED,
    "diary_entry": UsageCount.Metric.DIARY_ENTRY,
}


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


def count_progress(sender, what, subject, **kwargs):
    count_usage(METRICS[what], subject)


def count_saved_journal(sender, **kwargs):
    count_usage(UsageCount.Metric.JOURNAL_SAVED)
