"""The anonymous usage dashboard for clinicians and researchers.

Weekly counts only: how many completed each track, stage and step, how many
journals were saved with a code, how many diary entries were made. Counts
from 1 to 4 are shown as "fewer than 5", so that no figure can point to one
person. The CSV export holds exactly the same table.
"""

import csv
import datetime

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from modules.content.models import Stage, Track
from modules.journal.models import today
from modules.journey.charts import bar_chart
from modules.staff.models import UsageCount
from modules.staff.usage import week_of

PERMISSION = "staff.view_dashboard"
WEEKS = 8
SMALL = 5


def shown(count: int) -> str:
    """A count as it may be shown: small non-zero counts are hidden."""
    if 0 < count < SMALL:
        return _("fewer than 5")
    return str(count)


def weeks(number=WEEKS, until=None):
    last = week_of(until or today())
    return [last - datetime.timedelta(weeks=i) for i in reversed(range(number))]


def table(number=WEEKS):
    """Rows of (level, label, [shown counts per week], shown total)."""
    columns = weeks(number)
    counts = {}
    for row in UsageCount.objects.filter(week__in=columns):
        counts[(row.metric, row.subject, row.week)] = row.count

    rows = []

    def add(level, track, label, metric, subject):
        values = [counts.get((metric, subject, week), 0) for week in columns]
        rows.append(
            {
                "level": level,
                "track": track,
                "label": label,
                "cells": [shown(v) for v in values],
                "total": shown(sum(values)),
            }
        )
        return sum(values)

    tracks = Track.objects.prefetch_related(
        Prefetch("stages", queryset=Stage.objects.prefetch_related("steps"))
    )
    chart_data = []
    for track in tracks:
        add(
            "track",
            track.slug,
            track.title,
            UsageCount.Metric.TRACK_COMPLETED,
            str(track.uuid),
        )
        stages = []
        for number, stage in enumerate(track.stages.all(), start=1):
            label = f"{number}. {stage.title}"
            completed = add(
                "stage",
                track.slug,
                label,
                UsageCount.Metric.STAGE_COMPLETED,
                str(stage.uuid),
            )
            stages.append((str(number), completed))
            for step in stage.steps.all():
                add(
                    "step",
                    track.slug,
                    step.title,
                    UsageCount.Metric.STEP_COMPLETED,
                    str(step.uuid),
                )
        chart_data.append(
            {
                "track": track,
                "svg": bar_chart(stages, track.title, hide_below=SMALL),
            }
        )
    add(
        "site", "", _("Journals saved with a code"), UsageCount.Metric.JOURNAL_SAVED, ""
    )
    add("site", "", _("Urge diary entries"), UsageCount.Metric.DIARY_ENTRY, "")
    return columns, rows, chart_data


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def dashboard(request):
    _check(request)
    columns, rows, charts = table()
    context = {
        **admin.site.each_context(request),
        "title": _("How the program is used"),
        "columns": columns,
        "rows": rows,
        "charts": charts,
    }
    return TemplateResponse(request, "staff/dashboard.html", context)


def dashboard_csv(request):
    _check(request)
    columns, rows, _charts = table()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="selfhelp-usage.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [_("Track"), _("Level"), _("Name")]
        + [week.isoformat() for week in columns]
        + [_("Total")]
    )
    for row in rows:
        writer.writerow(
            [row["track"], row["level"], row["label"], *row["cells"], row["total"]]
        )
    return response
