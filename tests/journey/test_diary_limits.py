"""A journal has a size limit, and reaching it never costs the visitor
anything already written: new entries are refused with a way out (download
the workbook, delete older entries), and a long diary is shown a page at a
time."""

import re

import pytest

from modules.content.models import Step
from modules.journal.models import Journal
from tests.helpers import DISTINCTIVE, answers_for, step_path, visible_text

FULL = "Your diary is full"


def write(client, text, strength=5, lang="en"):
    return client.post(
        f"/{lang}/diary/",
        {"strength": str(strength), "situation": text, "did": "", "helped": ""},
    )


def workbook(client):
    return client.get("/en/plan/workbook/").content.decode()


def delete_buttons(html):
    return re.findall(r'name="delete" value="([0-9a-f]+)"', html)


@pytest.mark.database
@pytest.mark.django_db
def test_a_full_diary_refuses_new_entries_and_keeps_every_old_one(client, settings):
    settings.DIARY_MAX_ENTRIES = 3
    for n in range(3):
        assert write(client, DISTINCTIVE.format(f"kept-{n}")).status_code == 302
    page = client.get("/en/diary/").content.decode()
    assert FULL in page, "the visitor sees it is full before writing more"
    refused = write(client, DISTINCTIVE.format("one-too-many"))
    assert refused.status_code == 400
    html = refused.content.decode()
    assert FULL in html
    assert 'href="/en/plan/workbook/"' in html
    assert DISTINCTIVE.format("one-too-many") in html, "what was typed is kept"
    text = workbook(client)
    assert all(DISTINCTIVE.format(f"kept-{n}") in text for n in range(3))
    assert DISTINCTIVE.format("one-too-many") not in text
    # Deleting the oldest entry makes room.
    oldest = delete_buttons(page)[-1]
    deleted = client.post("/en/diary/", {"delete": oldest})
    assert deleted.status_code == 302
    assert "The entry is deleted." in client.get(deleted["Location"]).content.decode()
    assert DISTINCTIVE.format("kept-0") not in workbook(client)
    assert write(client, DISTINCTIVE.format("room-again")).status_code == 302
    assert DISTINCTIVE.format("room-again") in workbook(client)


@pytest.mark.database
@pytest.mark.django_db
def test_the_journal_never_grows_past_its_limit(client, settings):
    settings.JOURNAL_MAX_BYTES = 16 * 1024
    accepted = []
    for n in range(30):
        text = DISTINCTIVE.format(n) + " " + "long entry " * 180
        if write(client, text).status_code != 302:
            break
        accepted.append(DISTINCTIVE.format(n) + " ")
    else:
        pytest.fail("thirty long entries were all accepted")
    assert len(accepted) >= 4
    assert all(piece in workbook(client) for piece in accepted)
    assert len(bytes(Journal.objects.get().ciphertext)) <= 16 * 1024 + 29


@pytest.mark.database
@pytest.mark.django_db
def test_an_answer_that_does_not_fit_is_refused_and_kept_in_the_form(
    client, program, settings
):
    settings.JOURNAL_MAX_BYTES = 4096
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    data = answers_for(step, marker="too-long")
    question = step.questions.first()
    data[f"q_{question.key}"] = "A very long answer. " * 250
    response = client.post(step_path(step), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is no room left to save this answer." in html
    assert "A very long answer. " * 3 in html
    assert not Journal.objects.exists()


@pytest.mark.django_db
def test_a_long_diary_is_shown_a_page_at_a_time_with_every_rating_charted(client):
    for n in range(45):
        assert write(client, f"entry number {n}.", strength=n % 11).status_code == 302
    first = client.get("/en/diary/")
    html = first.content.decode()
    assert "entry number 44." in html
    assert "entry number 24." not in html
    assert len(delete_buttons(html)) == 20
    assert html.count("<td>") == 2 * 45, "the chart's table has every entry"
    assert "Older entries" in visible_text(html)
    last = client.get("/en/diary/?page=3").content.decode()
    assert "entry number 0." in last
    assert "Newer entries" in visible_text(last)
    assert len(delete_buttons(last)) == 5
    assert len(first.content) < 60_000
