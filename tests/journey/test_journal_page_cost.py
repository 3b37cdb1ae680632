"""What a page with a journal costs does not grow with what the visitor has
done, and the parts every visitor sees alike are made once, without a trace
of any visitor in what is kept.

Pages with a journal are rendered for every request (nothing of a visitor is
kept), so their cost is counted here in things that do not depend on the
machine's speed: database queries, ORM query building, decryptions, and
renders of the shared parts."""

import re

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test import Client
from django.test.utils import CaptureQueriesContext

from modules.content import cache as content_cache
from modules.content.models import Step
from modules.journal import session
from modules.journey.forms import DiaryForm
from modules.journey.templatetags import shared
from tests.helpers import DISTINCTIVE, answers_for, ordered_steps, step_path

pytestmark = pytest.mark.django_db

TOKENS = re.compile(r'(name="(?:csrfmiddlewaretoken|form_token)" value=")[^"]+"')


def journal_pages(program):
    plan_step = Step.objects.filter(stage__track=program, kind="plan").first()
    return ["/en/plan/", step_path(plan_step), "/en/diary/"]


def visitor_with(program, steps):
    """A visitor who answered ``steps`` of the track and wrote two diary entries."""
    visitor = Client()
    for step in steps:
        assert visitor.post(step_path(step), answers_for(step)).status_code == 302
    for strength in ("3", "6"):
        sent = {"strength": strength, "situation": DISTINCTIVE.format("diary")}
        assert visitor.post("/en/diary/", sent).status_code == 302
    return visitor


def cost_of(visitor, url, monkeypatch):
    """(queries, ORM queries built, decryptions) of one request for ``url``."""
    assert visitor.get(url).status_code == 200  # the content cache is warm
    counts = {"built": 0, "decrypted": 0}
    as_sql, decrypt = SQLCompiler.as_sql, session.decrypt

    def counting_as_sql(self, *args, **kwargs):
        counts["built"] += 1
        return as_sql(self, *args, **kwargs)

    def counting_decrypt(*args, **kwargs):
        counts["decrypted"] += 1
        return decrypt(*args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting_as_sql)
    monkeypatch.setattr(session, "decrypt", counting_decrypt)
    with CaptureQueriesContext(connection) as queries:
        assert visitor.get(url).status_code == 200
    monkeypatch.undo()
    return len(queries), counts["built"], counts["decrypted"]


def test_a_page_with_a_journal_reads_it_once_however_much_was_answered(
    program, monkeypatch
):
    """My plan, a step with answers and the diary each make one query (the
    journal's record, by a written-out statement: no ORM query is built) and
    one decryption, for a visitor with one step answered as for one with the
    whole track answered."""
    steps = ordered_steps(program)
    plan_step = next(s for s in steps if s.kind == "plan")
    one = visitor_with(program, [plan_step])
    everything = visitor_with(program, steps)
    for url in journal_pages(program):
        assert cost_of(one, url, monkeypatch) == (1, 0, 1), url
        assert cost_of(everything, url, monkeypatch) == (1, 0, 1), url


def test_the_parts_every_visitor_sees_alike_are_made_once(program, monkeypatch):
    """The diary's empty form, My plan's explanations and a step's text are
    rendered for the first visitor and taken from the content cache for the
    next, with nothing of either visitor in what is kept."""
    urls = journal_pages(program)
    first = visitor_with(program, ordered_steps(program)[:3])
    for url in urls:
        assert first.get(url).status_code == 200
    kept = {k: v for k, v in content_cache._entries.items() if k[0] == "shared"}
    assert {key[1] for key in kept} == {
        "diary-intro",
        "diary-form",
        "plan-intro",
        "plan-end",
        "step-crumbs",
        "step-body",
    }
    made = []
    store = content_cache.store
    monkeypatch.setattr(
        content_cache, "store", lambda key, value: made.append(key) or store(key, value)
    )
    plan_step = Step.objects.filter(stage__track=program, kind="plan").first()
    second = visitor_with(program, [plan_step])
    for url in urls:
        assert "Zebrafinch" in second.get(url).content.decode()
    assert not [key for key in made if key[0] == "shared"]
    kept = repr(list(kept.values()))
    assert "Zebrafinch" not in kept
    assert "csrfmiddlewaretoken" not in kept
    assert "form_token" not in kept


def test_shared_parts_change_nothing_a_visitor_sees(program, monkeypatch):
    """Each page with a journal is the same, token for token aside, with the
    shared parts taken from the cache as rendered in full without it."""
    steps = ordered_steps(program)
    visitor = visitor_with(program, steps[:5] + [s for s in steps if s.kind == "plan"])
    for url in journal_pages(program):
        visitor.get(url)
        cached = TOKENS.sub(r"\1T", visitor.get(url).content.decode())
        # As on a request whose parts cannot be shared (a form sent back):
        # rendered in place, with everything the page's view gave.
        with monkeypatch.context() as patch:
            patch.setattr(shared, "_cacheable", lambda request: False)
            full = TOKENS.sub(r"\1T", visitor.get(url).content.decode())
        assert cached == full, url


def test_a_diary_entry_sent_back_with_errors_keeps_what_was_written(program):
    """The shared empty form never stands in for the visitor's own: sent back
    with a mistake, the form holds what they wrote."""
    visitor = visitor_with(program, [])
    assert visitor.get("/en/diary/").status_code == 200  # the shared form is kept
    written = DISTINCTIVE.format("unsent")
    response = visitor.post("/en/diary/", {"situation": written})
    assert response.status_code == 400
    assert f">{written}</textarea>" in response.content.decode()
    assert written not in Client().get("/en/diary/").content.decode()


def test_the_diary_makes_no_form_while_its_shared_form_is_kept(program, monkeypatch):
    """Building the empty diary form costs more than the rest of the view: it
    is built for the first visitor only, to render the shared form."""
    visitor_with(program, []).get("/en/diary/")
    second = visitor_with(program, [])
    made = []
    init = DiaryForm.__init__
    monkeypatch.setattr(
        DiaryForm,
        "__init__",
        lambda self, *a, **k: made.append(1) or init(self, *a, **k),
    )
    page = second.get("/en/diary/").content.decode()
    assert 'name="strength" value="10"' in page
    assert not made
