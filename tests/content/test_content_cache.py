"""The per-process content cache stays small whatever visitors ask for: it
holds at most a fixed number of entries, never remembers a page that does not
exist, and forgets what has expired."""

import secrets

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules.content import cache
from modules.content.models import Step
from tests.helpers import step_path

BOUND = 40
TTL = 3600  # longer than the test takes on a slow machine


@pytest.fixture
def small_cache(monkeypatch, settings):
    settings.CONTENT_CACHE_SECONDS = TTL
    settings.CONTENT_CACHE_MAX_ENTRIES = BOUND
    monkeypatch.setattr(cache, "MAX_ENTRIES", BOUND, raising=False)
    cache.clear()
    yield
    cache.clear()


def random_slug():
    return "x" + secrets.token_hex(6)


@pytest.mark.django_db
def test_random_urls_never_grow_the_cache_past_its_bound(client, program, small_cache):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    stage = step.stage
    assert client.get(step_path(step)).status_code == 200
    for _ in range(300):
        for path in (
            f"/en/program/{random_slug()}/",
            f"/en/program/{random_slug()}/{random_slug()}/{random_slug()}/",
            f"/en/program/{program.slug}/{random_slug()}/",
            f"/en/program/{program.slug}/{stage.slug}/{random_slug()}/",
            f"/en/pages/{random_slug()}/",
        ):
            assert client.get(path).status_code == 404, path
    assert len(cache._entries) <= BOUND, len(cache._entries)
    # A page that exists is still served from the cache, without a query.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(step_path(step)).status_code == 200
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_unknown_content_is_not_remembered(small_cache):
    loads = []

    def load():
        loads.append(1)

    assert cache.cached(("track", "no-such-track"), load) is None
    assert cache.cached(("track", "no-such-track"), load) is None
    assert len(loads) == 2
    assert ("track", "no-such-track") not in cache._entries


def test_the_least_recently_used_entry_is_forgotten_first(small_cache):
    for n in range(BOUND):
        cache.store(("page", n), f"page {n}")
    assert cache.peek(("page", 0)) == "page 0"  # used again: now the newest
    cache.store(("page", "new"), "new page")
    assert len(cache._entries) == BOUND
    assert cache.peek(("page", 0)) == "page 0"
    assert cache.peek(("page", 1)) is None
    assert cache.cached(("page", 2), lambda: "loaded again") == "page 2"


def test_expired_entries_are_dropped(small_cache, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(cache, "_clock", lambda: now[0])
    for n in range(10):
        cache.store(("page", n), f"page {n}")
    now[0] += TTL + 1
    cache.store(("page", "fresh"), "fresh page")
    assert list(cache._entries) == [("page", "fresh")]
    assert cache.peek(("page", "fresh")) == "fresh page"
