"""One journal open in several tabs or devices at once: every answer and
diary entry the site said it saved is kept, whatever the others did
meanwhile. Each tab is a thread with its own database connection, all
posting at the same moment, so writes really overlap."""

import threading

import pytest
from django.db import connections
from django.test import Client

from modules.content.models import Step
from tests.helpers import DISTINCTIVE, answer_one, answers_for, step_path

TABS = 6
ENTRIES = 12


def tab(cookie, number, step, start, acknowledged, errors):
    browser = Client()
    browser.cookies["journal"] = cookie
    try:
        start.wait()
        for i in range(ENTRIES):
            text = DISTINCTIVE.format(f"tab{number}-entry{i}")
            response = browser.post(
                "/en/diary/",
                {"strength": str(i % 11), "situation": text, "did": "", "helped": ""},
            )
            if response.status_code == 302:
                acknowledged.append(text)
        data = answers_for(step, marker=f"tab{number}")
        if browser.post(step_path(step), data).status_code == 302:
            acknowledged.extend(v for v in data.values() if isinstance(v, str))
    except Exception as exc:  # reported by the test, not lost in a thread
        errors.append(exc)
    finally:
        connections.close_all()


@pytest.mark.database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_tabs_writing_at_once_keep_everything_the_site_said_it_saved(program):
    first = Client()
    answer_one(first, program, "first-tab")
    cookie = first.cookies["journal"].value
    steps = list(
        Step.objects.filter(stage__track=program, kind="reflection")
        .select_related("stage__track")
        .order_by("stage__position", "position")[1 : TABS + 1]
    )
    assert len(steps) == TABS
    start = threading.Barrier(TABS)
    acknowledged, errors = [], []
    threads = [
        threading.Thread(
            target=tab, args=(cookie, n, steps[n], start, acknowledged, errors)
        )
        for n in range(TABS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    assert len(acknowledged) >= TABS * ENTRIES, "every tab's posts were saved"
    workbook = first.get("/en/plan/workbook/").content.decode()
    missing = [text for text in acknowledged if text not in workbook]
    assert missing == [], f"{len(missing)} of {len(acknowledged)} saved items lost"
