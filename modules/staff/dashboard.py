"""The anonymous usage dashboard for clinicians and researchers.

Weekly counts only: how many completed each track, stage and step, how many
journals were saved with a code, how many diary entries were made. It
follows the rule every research figure follows (``surveys.disclosure``):
completed weeks only, never the current one (a count that moved while a
researcher watched would show one visitor's steps), and counts from 1 to
k-1 shown as "fewer than k" (k is ``settings.MIN_CELL``, 10 by default).
The CSV export holds exactly the same table. Beside it, the outcome figure
from the end-of-program survey, with its n and the rule.

Complementary suppression: a row's total is the sum of its weeks, so a total
shown beside a hidden week would give that week away by subtraction (and a
total "fewer than 5" over four hidden weeks would say each was 1). A row
with any hidden week therefore shows no total at all, and the chart of stage
totals leaves that stage out. Nothing else adds up: a stage's count is how
many finished the whole stage that week, not the sum of its steps' counts,
and the table has no column totals.
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
from modules.surveys.disclosure import last_completed_week, min_cell
from modules.surveys.results import outcome

PERMISSION = "staff.view_dashboard"
WEEKS = 8


# What a spreadsheet may take for a formula when a cell starts with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_hidden(count: int) -> bool:
    return 0 < count < min_cell()


def shown(count: int) -> str:
    """A count as it may be shown: small non-zero counts are hidden."""
    if is_hidden(count):
        return _("fewer than %(k)s") % {"k": min_cell()}
    return str(count)


def shown_total(values) -> str:
    """The total of a row, unless a hidden week could be worked out from it."""
    if any(is_hidden(v) for v in values):
        return _("not shown")
    return str(sum(values))


def csv_safe(value) -> str:
    """A cell no spreadsheet runs as a formula: titles come from clinicians,
    and one starting with "=" (or +, -, @, a tab or a carriage return) would
    be run by whoever opens the export."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def weeks(number=WEEKS, until=None):
    """The last ``number`` completed weeks (the current week is not one)."""
    last = last_completed_week(until or today())
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
                "total": shown_total(values),
            }
        )
        return None if any(is_hidden(v) for v in values) else sum(values)

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
            if completed is not None:  # a hidden total stays hidden here too
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
                "svg": bar_chart(stages, track.title, hide_below=min_cell()),
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
        "k": min_cell(),
        "outcome": outcome(),
    }
    return TemplateResponse(request, "staff/dashboard.html", context)


def dashboard_csv(request):
    _check(request)
    columns, rows, _charts = table()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="selfhelp-usage.csv"'
    writer = csv.writer(response)
    header = [_("Track"), _("Level"), _("Name")]
    header += [week.isoformat() for week in columns] + [_("Total")]
    writer.writerow([csv_safe(cell) for cell in header])
    for row in rows:
        cells = [row["track"], row["level"], row["label"], *row["cells"], row["total"]]
        writer.writerow([csv_safe(cell) for cell in cells])
    return response
