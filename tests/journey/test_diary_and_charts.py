"""The urge diary, and the charts of diary entries and repeated ratings (each
with a table of the same figures)."""

import re

import pytest

from modules.content.models import MotivationPrompt, Step
from modules.journey.charts import bar_chart
from modules.staff.models import UsageCount
from tests.helpers import answers_for, step_path, visible_text


@pytest.mark.django_db
def test_urge_diary_logs_by_day_and_charts_the_trend(client):
    for strength in (8, 5, 3):
        response = client.post(
            "/es/diary/",
            {
                "strength": str(strength),
                "situation": f"situation {strength}",
                "did": "walked",
                "helped": "calling",
            },
        )
        assert response.status_code == 302
    html = client.get("/es/diary/?saved=1").content.decode()
    assert "<svg" in html
    assert "<polyline" in html
    assert html.count("<td>") >= 6  # the same figures as a table
    assert "situation 8" in html
    assert "situation 3" in html
    # Only the day is kept, never a time.
    data = client.get("/es/plan/workbook/").content.decode()
    assert re.search(r"\d{4}-\d{2}-\d{2}", data)
    assert not re.search(r"\d{2}:\d{2}", data)
    assert UsageCount.objects.get(metric="diary_entry").count == 3


@pytest.mark.django_db
def test_diary_prompt_answers_a_strong_urge(client, program_loaded):
    prompt = (
        MotivationPrompt.objects.filter(question__isnull=True, rule="at_least")
        .order_by("-value")
        .first()
    )
    client.post(
        "/en/diary/", {"strength": "10", "situation": "", "did": "", "helped": ""}
    )
    html = client.get("/en/diary/?saved=1").content.decode()
    assert prompt.message.split("\n")[0].strip()[:30] in visible_text(html)


@pytest.mark.django_db
def test_diary_rejects_bad_strength_and_keeps_the_text(client):
    response = client.post(
        "/fi/diary/", {"strength": "99", "situation": "kept text here"}
    )
    assert response.status_code == 400
    assert "kept text here" in response.content.decode()


@pytest.mark.django_db
def test_ratings_given_again_are_charted_with_a_table_of_the_same_figures(
    client, program
):
    ruler = Step.objects.get(stage__track=program, slug="readiness-ruler")
    assert "<svg" not in client.get("/en/progress/").content.decode()
    for importance in ("3", "8"):
        data = answers_for(ruler)
        data["q_importance"] = importance
        client.post(step_path(ruler), data)
    html = client.get("/fi/progress/").content.decode()
    # importance and confidence, each rated twice: a drawing for phones, one wider
    assert html.count("<svg") == 4
    assert "<polyline" in html
    assert re.search(r"<td>3</td>.*<td>8</td>", html, re.S), (
        "the table has both ratings, in order"
    )


def test_bar_chart_does_not_draw_small_counts():
    svg = bar_chart(
        [("one", 12), ("two", 3), ("three", 0)], "Stages completed", hide_below=5
    )
    assert svg.count("<rect") == 1
    assert "&lt;5" in svg
    assert ">12<" in svg
    assert ">3<" not in svg
