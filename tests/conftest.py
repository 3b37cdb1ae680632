"""Fixtures shared by every folder of tests. Helpers that are not fixtures are
in helpers.py; fixtures only one folder uses are in that folder's conftest.py."""

import logging
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from modules.translations import live, lookup
from tests.helpers import REPO, STAFF_PASSWORD, answers_for, sign_in_staff, step_path

# The database the settings name, before pytest-django swaps in the test one.
_CONFIGURED_DATABASE = settings.DATABASES["default"]["NAME"]

# The real-browser fixtures (one Chromium for the whole session).
pytest_plugins = ["tests.browser"]


@pytest.fixture(scope="session", autouse=True)
def _private_locale_and_static(tmp_path_factory):
    """Collected static files, a copy of the release's locale/ and the
    directory the catalogues are compiled into, in this test process's own
    temporary directory (each xdist worker has its own), so that tests never
    touch the repository's files.

    The first fixture of the session: everything else sees these settings."""
    root = tmp_path_factory.mktemp("selfhelp")
    locale = root / "locale"
    shutil.copytree(
        REPO / "locale", locale, ignore=shutil.ignore_patterns("*.mo", ".*.lock")
    )
    with override_settings(
        STATIC_ROOT=root / "static",
        LOCALE_PATHS=[root / "compiled"],
        RELEASE_LOCALE_DIR=locale,
    ):
        lookup.forget_loaded()
        yield
    lookup.forget_loaded()


@pytest.fixture(scope="session", autouse=True)
def _compiled_assets(_private_locale_and_static, django_db_setup, django_db_blocker):
    """Merge the release's catalogues into the database, compile them and
    collect static files once, as `make run` does."""
    from django.db import connection

    # pytest-django creates the test database only if some test needs one;
    # never write into the database the settings name otherwise.
    if connection.settings_dict["NAME"] != _CONFIGURED_DATABASE:
        with django_db_blocker.unblock():
            call_command("compilemessages", verbosity=0)  # merges, then compiles
    call_command("collectstatic", interactive=False, verbosity=0)


DB_FIXTURES = {"db", "transactional_db"}


@pytest.fixture(autouse=True)
def _fresh_content_cache(request):
    """Each test starts with no cached content (a rolled-back test may have
    cached rows that no longer exist)."""
    from modules.content import cache as content_cache

    content_cache.clear()
    if request.node.get_closest_marker("django_db") or DB_FIXTURES & set(
        request.fixturenames
    ):
        # A rolled-back test may have left other catalogues loaded than the
        # database holds now: check at the first look-up.
        live.expire()
    else:
        # No database in this test: its requests use the catalogues loaded.
        live.hold()
    yield
    content_cache.clear()


# --- The program --------------------------------------------------------------------


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
        # The default surveys too, as `make setup` loads them: merging the
        # catalogues again for each survey test took seconds per test.
        call_command("loadsurveys", verbosity=0)
        # The catalogues describe where each text is, as after `make setup`.
        call_command("exportcontent", verbosity=0)
        connection._test_serialized_contents = (
            connection.creation.serialize_db_to_string()
        )
        connection.creation.deserialize_db_from_string = _restore_quickly


# Rows of these tables go back in bulk: ten languages' catalogues are some
# 20,000 entries, which Django's restore would save one by one (two queries
# each) before every test that commits.
BULK_RESTORED = {
    "translations.entry",
    "translations.entrychange",
    "translations.revision",
}


def _restore_quickly(data):
    """Django's ``deserialize_db_from_string``, with the catalogues in bulk."""
    from django.core import serializers
    from django.db import connection, transaction

    bulk, tables = {}, set()
    with transaction.atomic(using=connection.alias):
        with connection.constraint_checks_disabled():
            for obj in serializers.deserialize("json", data, using=connection.alias):
                model = type(obj.object)
                tables.add(model._meta.db_table)
                if model._meta.label_lower in BULK_RESTORED:
                    bulk.setdefault(model, []).append(obj.object)
                else:
                    obj.save()
            # Before the first test that commits, the rows are still there
            # (Django's restore updates them); after a flush, this deletes nothing.
            for model in reversed(list(bulk)):
                model._base_manager.all()._raw_delete(connection.alias)
            for model, rows in bulk.items():
                model.objects.bulk_create(rows, batch_size=500)
        connection.check_constraints(table_names=tables)


@pytest.fixture
def program(program_loaded, db):
    """The main track of the default program ("stop")."""
    from modules.content.models import Track

    if not Track.objects.filter(slug="stop").exists():
        # Not there: the session's first load ran inside an earlier test's
        # transaction, rolled back since, or a committing test flushed it.
        call_command("loadprogram", verbosity=0)
    return Track.objects.get(slug="stop")


@pytest.fixture
def locale_copy(tmp_path):
    """A private copy of the release's locale/ and a private directory to
    compile into, so a test can change catalogue files freely."""
    target = tmp_path / "locale"
    shutil.copytree(settings.RELEASE_LOCALE_DIR, target)
    with override_settings(
        LOCALE_PATHS=[tmp_path / "compiled"], RELEASE_LOCALE_DIR=target
    ):
        lookup.forget_loaded()
        yield target
    lookup.forget_loaded()


# --- Visitors and staff ----------------------------------------------------------------


@pytest.fixture
def visitor(client, program):
    """A visitor who has already saved one answer that must survive everything
    (check with ``helpers.still_has_the_saved_answer``)."""
    from modules.content.models import Step

    first = Step.objects.filter(stage__track=program, kind="reflection").first()
    data = answers_for(first, marker="must-survive")
    assert client.post(step_path(first), data).status_code == 302
    client.kept_step = first
    client.kept_text = next(iter(data.values()))
    return client


@pytest.fixture
def staff_user(db):
    from django.contrib.auth.models import User

    return User.objects.create_superuser("clinician", password=STAFF_PASSWORD)


@pytest.fixture
def admin_client(client, staff_user):
    """A client signed in as a superuser, with the second factor."""
    return sign_in_staff(client, staff_user)


# --- Logs -----------------------------------------------------------------------------


class _Capture:
    """Every log record any logger emits: its message and all its attributes."""

    def __init__(self):
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
