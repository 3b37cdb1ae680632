"""Logs carry nothing about a request: gunicorn's error log, Django's request
and CSRF loggers, and PostgreSQL's own log (with the settings docs/deploy.md
gives). Lines have no timestamp of their own.

This module is also a URLconf (``ROOT_URLCONF = __name__``): one view fails
with a database error whose message holds a value."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.urls import path

from selfhelp import urls as site_urls
from tests.helpers import REPO
from tests.site.servers import ONION, Server, free_port, raw_exchange

MARKER = "Lyrebird-Marker-5531"
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}:\d{2}")


# Named, not spelled out, in the view: a traceback shows its source lines.
DUPLICATE_NAME = f"{MARKER}-user"


def _duplicate(request):
    with transaction.atomic():
        User.objects.create(username=DUPLICATE_NAME)
        User.objects.create(username=DUPLICATE_NAME)


urlpatterns = [path(f"fi/{MARKER}/", _duplicate), *site_urls.urlpatterns]
handler500 = site_urls.handler500


# --- gunicorn ---------------------------------------------------------------------


def test_gunicorn_logs_no_detail_of_a_request_it_refuses(django_db_setup):
    server = Server(f"127.0.0.1:{free_port()}")
    try:
        for request in (
            # A header name with a control character in it.
            f"GET /en/{MARKER}/?q={MARKER} HTTP/1.1\r\nHost: {ONION}\r\n"
            f"Bad\x01{MARKER}: x\r\n\r\n",
            # A request line that is no request line.
            f"{MARKER}!! /{MARKER}/ HTTP/1.1\r\nHost: {ONION}\r\n\r\n",
            # A header that gunicorn finds too long.
            f"GET /en/ HTTP/1.1\r\nHost: {ONION}\r\nX-{MARKER}: {'a' * 9000}\r\n\r\n",
        ):
            status, _, _ = raw_exchange(server, request.encode("latin-1"))
            assert status in {400, 431}
    finally:
        output = server.stop()
    assert "Invalid request refused" in output
    for detail in (MARKER, "127.0.0.1", "ip=", "GET", "/en/"):
        assert detail not in output, (detail, output)
    assert not TIMESTAMP.search(output), output


def test_a_server_error_under_gunicorn_logs_its_traceback_but_not_the_request(
    django_db_setup, tmp_path
):
    server = Server(
        f"unix:{tmp_path / 'gunicorn.sock'}",
        DJANGO_SETTINGS_MODULE="tests.site.failing_settings",
    )
    # In English: the server's database may hold no catalogues, and a
    # language is offered only once they are complete.
    try:
        response, _ = server.request(
            "GET", f"/en/boom/?q={MARKER}", headers={"User-Agent": MARKER}
        )
        assert response.status == 500
    finally:
        output = server.stop()
    assert "ERROR django.request: 500 Internal Server Error" in output, output
    assert "Traceback" in output
    assert "in _boom" in output, "the traceback names the frames"
    assert "RuntimeError" in output
    for detail in ("/en/boom", MARKER, "RuntimeError: something"):
        assert detail not in output, (detail, output)
    assert not TIMESTAMP.search(output), output


# --- Django -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_server_error_is_logged_without_path_query_or_message(
    client, settings, captured_logs
):
    settings.ROOT_URLCONF = "tests.site.urls"
    client.raise_request_exception = False
    response = client.get(f"/en/boom/?q={MARKER}")
    assert response.status_code == 500
    logged = captured_logs.text
    assert "500 Internal Server Error" in logged
    assert "in _boom" in logged
    assert "RuntimeError" in logged
    for detail in ("/en/boom", MARKER, "RuntimeError: something", "WSGIRequest"):
        assert detail not in logged, (detail, logged)


@pytest.mark.database
@pytest.mark.django_db
def test_a_database_error_is_logged_without_the_values_it_quotes(
    client, settings, captured_logs
):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get(f"/fi/{MARKER}/")
    assert response.status_code == 500
    logged = captured_logs.text
    assert "IntegrityError" in logged
    assert "in _duplicate" in logged
    assert MARKER not in logged, logged


@pytest.mark.django_db
def test_a_failed_csrf_check_is_not_logged(program, captured_logs):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        f"/en/diary/?q={MARKER}", {"strength": "5"}
    )
    assert response.status_code == 403
    assert "django.security.csrf" not in captured_logs.text
    assert "/en/diary/" not in captured_logs.text


def test_log_lines_carry_no_timestamp(settings):
    for formatter in settings.LOGGING["formatters"].values():
        assert "asctime" not in formatter.get("format", "")


# --- PostgreSQL's own log --------------------------------------------------------------

# What docs/deploy.md must set in postgresql.conf, and to what.
POSTGRESQL_LOG_SETTINGS = {
    "log_statement": "'none'",
    "log_min_error_statement": "panic",
    "log_error_verbosity": "terse",
    "log_connections": "off",
    "log_disconnections": "off",
    "log_parameter_max_length_on_error": "0",
    "log_parameter_max_length": "0",
    "log_min_duration_statement": "-1",
}


def postgresql_settings_in_the_deploy_guide():
    """The ``name = value`` lines of the postgresql.conf block in docs/deploy.md."""
    text = (REPO / "docs" / "deploy.md").read_text()
    block = re.search(r"```ini\n# postgresql\.conf\n(.*?)```", text, re.S)
    assert block, "docs/deploy.md has a postgresql.conf block"
    found = {}
    for line in block.group(1).splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" in line:
            name, value = (part.strip() for part in line.split("=", 1))
            found[name] = value
    return found


def test_the_deploy_guide_keeps_values_out_of_postgresqls_log():
    found = postgresql_settings_in_the_deploy_guide()
    for name, value in POSTGRESQL_LOG_SETTINGS.items():
        assert found.get(name) == value, name
    assert "%r" not in found["log_line_prefix"], "no client address"
    assert "%h" not in found["log_line_prefix"], "no client address"


def _server_log(cursor):
    """Where this PostgreSQL server writes its log, if this process can read it:
    the log collector's current file, or else the server's standard error."""
    cursor.execute("SELECT pg_current_logfile(), current_setting('data_directory')")
    logfile, data_directory = cursor.fetchone()
    if logfile:
        candidate = Path(data_directory, logfile)
    else:
        cursor.execute("SELECT pg_backend_pid()")
        candidate = Path(f"/proc/{cursor.fetchone()[0]}/fd/2").resolve()
    try:
        candidate.open("rb").close()
    except OSError:
        return None
    return candidate


def _log_of_a_duplicate_key(settings_to_apply, value):
    """Break a unique key with ``value`` in a session with these settings, and
    return what the server's log gained meanwhile (None if it cannot be read)."""
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
        # Client-side binding, as Django's default: the value is written into
        # the statement the server sees.
        cursor_factory=psycopg.ClientCursor,
    ) as conn:
        cursor = conn.cursor()
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("setting log options needs a PostgreSQL superuser")
        log = _server_log(cursor)
        if log is None:
            return None
        start = log.stat().st_size
        for name, setting in settings_to_apply.items():
            cursor.execute(f"SET {name} = {setting}")
        cursor.execute("CREATE TEMP TABLE step_keys (key text PRIMARY KEY)")
        insert = "INSERT INTO step_keys VALUES (%s)"
        cursor.execute(insert, [value])
        with pytest.raises(psycopg.errors.UniqueViolation):
            cursor.execute(insert, [value])
    with log.open("rb") as f:
        f.seek(start)
        return f.read().decode(errors="replace")


# Settings a superuser may change for one session (the others only take effect
# in postgresql.conf: log_connections, log_disconnections, log_line_prefix).
SESSION_SETTINGS = (
    "log_statement",
    "log_min_error_statement",
    "log_error_verbosity",
    "log_parameter_max_length_on_error",
    "log_parameter_max_length",
    "log_min_duration_statement",
)


@pytest.mark.database
def test_postgresql_logs_no_value_with_the_deploy_guides_settings():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    guide = postgresql_settings_in_the_deploy_guide()
    # PostgreSQL's defaults write the failing statement and a DETAIL line,
    # each with the value (this also shows that the log can be read here).
    leaky = _log_of_a_duplicate_key(
        {"log_min_error_statement": "error", "log_error_verbosity": "default"},
        f"{MARKER}-default",
    )
    if leaky is None:
        pytest.skip("this PostgreSQL server's log cannot be read from here")
    if f"{MARKER}-default" not in leaky:
        pytest.skip("this PostgreSQL server writes no errors to its log at all")
    kept = _log_of_a_duplicate_key(
        {name: guide[name] for name in SESSION_SETTINGS}, f"{MARKER}-guide"
    )
    assert "duplicate key value" in kept, "the error itself is still logged"
    assert f"{MARKER}-guide" not in kept, kept


@pytest.mark.database
@pytest.mark.django_db
def test_postgresql_receives_placeholders_not_values():
    """With parameters bound on the server, the statement PostgreSQL sees
    (and could log) holds $1, never a value."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (run with DATABASE_URL=postgres://...)")
    marker = "Quokka-Placeholder-31337"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT query FROM pg_stat_activity WHERE pid = pg_backend_pid()"
            " AND %s::text IS NOT NULL",
            [marker],
        )
        (statement,) = cursor.fetchone()
    assert marker not in statement
    assert "$1" in statement
