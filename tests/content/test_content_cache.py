"""The per-process content cache stays small whatever visitors ask for: it
holds at most a fixed number of entries and never remembers a page that does
not exist; and it agrees with every other process: a change saved anywhere is
served here within a second."""

import secrets

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules.content import cache
from modules.content.models import ContentVersion, Step
from tests.helpers import step_path

BOUND = 40


@pytest.fixture
def small_cache(monkeypatch, settings, db):
    # db: every look-up may check the content version in the database.
    settings.CONTENT_CACHE_SECONDS = 5
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


@pytest.fixture
def fake_clock(monkeypatch, settings):
    settings.CHECK_SECONDS = 1.0
    now = [1000.0]
    monkeypatch.setattr(cache, "_clock", lambda: now[0])
    cache.clear()
    return now


def _another_process_renames(step, title):
    """What a save in another process (on any server) leaves in the
    database: the new row and a new content version, and nothing in this
    process's memory."""
    Step.objects.filter(pk=step.pk).update(title=title)
    ContentVersion.bump()


@pytest.mark.django_db
def test_a_change_saved_by_another_process_is_served_here_within_a_second(
    client, program, fake_clock
):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    old_title = step.title
    assert f"<h1>{old_title}</h1>" in client.get(step_path(step)).content.decode()
    _another_process_renames(step, "Renamed on another server")

    fake_clock[0] += 0.5
    with CaptureQueriesContext(connection) as queries:
        html = client.get(step_path(step)).content.decode()
    assert f"<h1>{old_title}</h1>" in html, "within the second: the cached page"
    assert len(queries) == 0, [q["sql"] for q in queries]

    fake_clock[0] += 0.6
    with CaptureQueriesContext(connection) as queries:
        html = client.get(step_path(step)).content.decode()
        client.get(step_path(step))
    assert "<h1>Renamed on another server</h1>" in html
    versions = [q for q in queries if "content_contentversion" in q["sql"]]
    assert len(versions) == 1, "one check per second, however many requests"


@pytest.mark.django_db
def test_a_save_here_is_served_at_once_and_counted_for_the_others(
    client, program, fake_clock
):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    client.get(step_path(step))
    before = ContentVersion.current()
    step.title = "Saved in this process"
    step.save()
    assert ContentVersion.current() == before + 1
    assert (
        "<h1>Saved in this process</h1>" in client.get(step_path(step)).content.decode()
    )


def test_a_value_loaded_while_the_cache_is_cleared_is_not_kept(small_cache):
    def slow_load():
        cache.clear()  # a change arrives while this request reads the old rows
        return "old rows"

    assert cache.cached(("page", "slow"), slow_load) == "old rows"
    assert cache.peek(("page", "slow")) is None
