"""gunicorn's master answers every offered language's first pages before it
forks, so that no worker, first or replacement, makes a visitor wait while it
loads the program, the catalogues and the templates; and a failure there
never stops the site from starting."""

import gc
import logging
import runpy

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import translation

from modules.content import cache
from modules.translations import offered
from selfhelp import warmup
from tests.helpers import REPO

pytestmark = pytest.mark.django_db


class FakeArbiter:
    """What gunicorn hands ``when_ready``: here only ``app.wsgi()`` is used."""

    def __init__(self, application):
        self.app = type("App", (), {"wsgi": staticmethod(lambda: application)})()


@pytest.fixture
def unfrozen():
    """The test process must not keep its objects frozen afterwards."""
    yield
    gc.unfreeze()


@pytest.fixture
def closed(monkeypatch):
    """Runs the warm-up inside the test's transaction: what the master does to
    its database connections once it has warmed up is recorded instead of
    done, and requests do not close the connection as a server's would (the
    test client does the same)."""
    calls = []
    monkeypatch.setattr(connections, "close_all", lambda: calls.append("close_all"))
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield calls
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_the_master_warms_every_language_and_every_step_kind_before_forking(
    program, unfrozen, closed
):
    application = WSGIHandler()
    asked = []

    def recording(environ, start_response):
        def start(status, headers, *rest):
            asked.append((environ["PATH_INFO"], status))
            return start_response(status, headers, *rest)

        return application(environ, start)

    cache.clear()
    config = runpy.run_path(str(REPO / "deploy" / "gunicorn.conf.py"))
    config["when_ready"](FakeArbiter(recording))

    answered = dict(asked)
    assert answered, "the master answered nothing before forking"
    assert set(answered.values()) == {"200 OK"}, answered
    for lang in offered.languages():
        for page in ("", "help/", "act-now/", "program/"):
            assert f"/{lang}/{page}" in answered, (lang, page)
    with translation.override("en"):
        steps = [
            resolve(path).kwargs
            for path in answered
            if path.startswith("/en/program/") and path.count("/") == 6
        ]
    kinds = {
        program.stages.get(slug=step["stage"]).steps.get(slug=step["step"]).kind
        for step in steps
    }
    assert kinds == set(program.stages.values_list("steps__kind", flat=True).distinct())
    # What was loaded is kept out of the collector's full sweeps, and no
    # database connection is left for the workers to share.
    assert gc.get_freeze_count() > 0
    assert closed[-1:] == ["close_all"]


def test_a_warmed_process_serves_the_helplines_page_without_a_query(
    program, unfrozen, closed
):
    """The first visitor to the page a person in crisis needs is served what
    the master rendered: nothing is loaded or rendered for them."""
    warmup.ready_for_workers(WSGIHandler())
    host = warmup._host()
    for lang in offered.languages():
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(f"/{lang}/help/", HTTP_HOST=host)
        assert response.status_code == 200
        assert len(queries) == 0, (lang, [q["sql"] for q in queries])


def test_a_failing_warm_up_never_stops_the_site_from_starting(caplog, closed):
    def broken(environ, start_response):
        raise RuntimeError("the database is not there yet")

    with caplog.at_level(logging.WARNING, logger="selfhelp.warmup"):
        assert warmup.warm_up(broken) == 0
    assert "Warming up skipped: RuntimeError" in caplog.text
