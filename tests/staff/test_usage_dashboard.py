"""Usage counts and the researchers' dashboard: only counts per step and week
are kept, and small counts are never shown."""

import csv
import io
import re

import pytest
from django.test import Client

from modules.content.models import Step
from modules.staff.models import UsageCount
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

    html = admin_client.get("/admin/dashboard/").content.decode()
    first = dashboard_cells(html, steps[0].title)
    assert first[-2:] == ["10", "10"]  # this week, and the total
    assert dashboard_cells(html, steps[-1].title)[-1] == "7"
    assert dashboard_cells(html, f"1. {stage.title}")[-1] == "7"
    assert dashboard_cells(html, program.title)[-1] == "0"
    assert dashboard_cells(html, "Journals saved with a code")[-1] == "fewer than 5"
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
