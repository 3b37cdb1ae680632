"""Fixtures for the tests that drive a real browser against the live server.

A plugin of the root conftest (not a conftest of one folder), so that every
folder's browser tests share one session-wide Playwright and Chromium: a
second `sync_playwright()` in the same process fails inside the first one's
event loop."""

import os
from pathlib import Path

import pytest


def chromium_path():
    for candidate in (
        os.environ.get("CHROMIUM"),
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session", autouse=True)
def _live_server_serves_collected_static():
    """pytest-django's live server serves static files through the finders,
    which do not know the hashed names the pages link to; serve the collected
    files instead, as whitenoise does in production."""
    import django.contrib.staticfiles.handlers as handlers
    from django.test.testcases import _StaticFilesHandler

    original = handlers.StaticFilesHandler
    handlers.StaticFilesHandler = _StaticFilesHandler
    yield
    handlers.StaticFilesHandler = original


def _keep_the_database_snapshot(before):
    """Playwright runs an event loop in this thread, and from then on Django
    gives the thread other connection objects (one per async context). Hand
    them the snapshot that ``serialized_rollback`` restores (see
    ``program_loaded``): without it a committing test would start from the
    database as the previous one left it, flushed."""
    from django.db import connections

    for alias, old in before.items():
        new = connections[alias]
        snapshot = getattr(old, "_test_serialized_contents", None)
        if new is not old and snapshot is not None:
            new._test_serialized_contents = snapshot


@pytest.fixture(scope="session")
def browser():
    """A real, headless Chromium (Debian's package) driven by Playwright."""
    path = chromium_path()
    if path is None:
        if os.environ.get("SELFHELP_REQUIRE_BROWSER"):
            pytest.fail(
                "Chromium is required (SELFHELP_REQUIRE_BROWSER is set) but not installed"
            )
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    before = {alias: connections[alias] for alias in connections}
    with sync_playwright() as p:
        _keep_the_database_snapshot(before)
        instance = p.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def no_js_page(browser, live_server):
    """A phone-sized page with JavaScript switched off, as in Tor Browser's Safest level."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()
