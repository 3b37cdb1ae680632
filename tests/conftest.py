import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from modules.translations import lookup

LANGUAGES = [code for code, _name in settings.LANGUAGES]
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _compiled_assets(django_db_setup, django_db_blocker):
    """Compile the catalogues and collect static files once, as `make run` does."""
    call_command("compilemessages", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_content_cache():
    """Each test starts with no cached content (a rolled-back test may have
    cached rows that no longer exist)."""
    from modules.content import cache as content_cache

    content_cache.clear()
    yield
    content_cache.clear()


@pytest.fixture(scope="session")
def program_loaded(django_db_setup, django_db_blocker):
    """The default program, loaded once for the whole session.

    Tests that commit (``transaction=True``) flush the database afterwards;
    marked ``serialized_rollback=True`` they start from this snapshot again.
    pytest-django runs them after all other tests.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        call_command("loadprogram", verbosity=0)
        connection._test_serialized_contents = (
            connection.creation.serialize_db_to_string()
        )


@pytest.fixture
def program(program_loaded, db):
    from modules.content.models import Track

    if not Track.objects.filter(slug="stop").exists():
        # A committing test flushed it, and the snapshot was not restored
        # (seen after the browser tests, whose live server shares the database).
        call_command("loadprogram", verbosity=0)
    return Track.objects.get(slug="stop")


@pytest.fixture
def locale_copy(tmp_path):
    """A private copy of locale/ so a test can change catalogues freely."""
    target = tmp_path / "locale"
    shutil.copytree(settings.LOCALE_PATHS[0], target)
    with override_settings(LOCALE_PATHS=[target]):
        lookup.forget_loaded()
        yield target
    lookup.forget_loaded()


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
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
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


class _Capture:
    """Every log record any logger emits: its message and all its attributes."""

    def __init__(self):
        import logging

        class Handler(logging.Handler):
            def emit(inner, record):
                self.lines.append(record.getMessage() + " " + repr(vars(record)))

        self.lines = []
        self.handler = Handler(logging.DEBUG)

    @property
    def text(self):
        return "\n".join(self.lines)


@pytest.fixture
def captured_logs():
    import logging

    capture = _Capture()
    root = logging.getLogger()
    names = [
        "django",
        "django.request",
        "django.security",
        "django.security.csrf",
        "django.server",
    ]
    saved = [
        (
            logging.getLogger(n),
            logging.getLogger(n).level,
            logging.getLogger(n).propagate,
        )
        for n in names
    ]
    old_level = root.level
    root.addHandler(capture.handler)
    root.setLevel(logging.DEBUG)
    for logger, _level, _propagate in saved:
        logger.setLevel(logging.DEBUG)
        logger.propagate = True
    try:
        yield capture
    finally:
        root.removeHandler(capture.handler)
        root.setLevel(old_level)
        for logger, level, propagate in saved:
            logger.setLevel(level)
            logger.propagate = propagate


def sign_in_staff(client, user):
    """Sign a staff member in as the admin requires: password and second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="phone", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def staff_user(db):
    from django.contrib.auth.models import User

    return User.objects.create_superuser("clinician", password="a long pass phrase 123")


@pytest.fixture
def admin_client(client, staff_user):
    return sign_in_staff(client, staff_user)


def member_of(group_name, username=None):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(
        username or group_name.lower(), password="x" * 20, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


NODE_MODULES = REPO / "node_modules"


def require_tool(available, what):
    """Skip when an audit tool is missing, except in CI where it must be there."""
    if available:
        return
    if os.environ.get("SELFHELP_REQUIRE_BROWSER"):
        pytest.fail(f"{what} is required in CI but missing")
    pytest.skip(f"{what} is not installed")
