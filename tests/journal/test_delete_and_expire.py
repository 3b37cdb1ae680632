"""Ending a journal: delete everything, leave without saving, and the daily
purge of journals past their time."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client

from modules.content.models import Step
from modules.journal import models as journal_models
from modules.journal.models import Journal
from tests.helpers import answer_one, answers_for, save_code, step_path


@pytest.mark.database
@pytest.mark.django_db
def test_delete_everything_leaves_no_row_and_clears_the_browser(client, program):
    answer_one(client, program, "deleted")
    save_code(client)
    assert Journal.objects.count() == 1
    confirm = client.get("/fi/delete/")
    assert confirm.status_code == 200
    assert 'method="post"' in confirm.content.decode()
    response = client.post("/fi/delete/")
    assert response.status_code == 200
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert response.cookies["journal"]["max-age"] == 0
    assert Journal.objects.count() == 0


@pytest.mark.database
@pytest.mark.django_db
def test_leave_deletes_an_unsaved_journal_but_keeps_a_saved_one(client, program):
    answer_one(client, program, "left")
    client.get("/en/leave/")
    assert Journal.objects.count() == 0
    other = Client()
    answer_one(other, program, "kept")
    code = save_code(other)
    response = other.get("/en/leave/")
    assert response.cookies["journal"]["max-age"] == 0
    assert Journal.objects.count() == 1
    assert Client().post("/en/continue/", {"code": code}).status_code == 302


@pytest.mark.database
@pytest.mark.django_db
def test_purged_journal_is_unreadable_and_explained(client, program):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    client.post(step_path(step), answers_for(step, marker="gone"))
    Journal.objects.update(last_used="2000-01-01")
    call_command("purge", verbosity=0)
    assert not Journal.objects.exists()
    html = client.get(f"/en/program/{program.slug}/").content.decode()
    assert "We could not open your earlier answers" in html
    assert (
        "gone"
        not in client.get(
            f"/en/program/{program.slug}/{step.stage.slug}/summary/"
        ).content.decode()
    )


@pytest.mark.database
@pytest.mark.django_db
def test_purge_deletes_only_expired_journals(settings):
    today = journal_models.today()

    def make(lookup, *, saved, days_ago):
        Journal.objects.create(
            lookup=lookup,
            ciphertext=b"x",
            is_saved=saved,
            last_used=today - datetime.timedelta(days=days_ago),
        )

    make("a" * 32, saved=False, days_ago=0)
    make("b" * 32, saved=False, days_ago=settings.JOURNAL_UNSAVED_DAYS + 1)
    make("c" * 32, saved=True, days_ago=settings.JOURNAL_SAVED_DAYS - 1)
    make("d" * 32, saved=True, days_ago=settings.JOURNAL_SAVED_DAYS + 1)
    call_command("purge", verbosity=0)
    assert sorted(j.lookup[0] for j in Journal.objects.all()) == ["a", "c"]
