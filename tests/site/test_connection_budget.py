"""The connection budget: `manage.py check` warns an operator whose gunicorn
workers x threads x servers would need more PostgreSQL connections than the
server allows, counting the same workers and threads gunicorn starts."""

import subprocess
import sys

import pytest

from tests.helpers import REPO
from tests.site.test_deploy import example_env


def run(env, *args):
    return subprocess.run(  # noqa: S603 (this interpreter, our manage.py)
        [sys.executable, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def budget_env(tmp_path, **extra):
    # A PostgreSQL URL that is never connected to: `check` reads settings only.
    return example_env(
        tmp_path,
        DATABASE_URL="postgres://selfhelp@127.0.0.1:1/selfhelp",
        **extra,
    )


@pytest.mark.parametrize(
    ("servers", "threads", "warned"),
    [
        # 5 x 8 x 2 + 5 = 85 <= 100 - 3: two default servers fit.
        ("2", "8", False),
        # 5 x 8 x 3 + 5 = 125 > 97: a third server would run out under load.
        ("3", "8", True),
        # Fewer threads make room for it again: 5 x 6 x 3 + 5 = 95.
        ("3", "6", False),
    ],
)
def test_check_warns_when_the_servers_need_more_connections_than_postgresql_has(
    tmp_path, servers, threads, warned
):
    env = budget_env(
        tmp_path,
        SELFHELP_WORKERS="5",
        SELFHELP_THREADS=threads,
        SELFHELP_APP_SERVERS=servers,
        SELFHELP_DB_MAX_CONNECTIONS="100",
    )
    result = run(env, "manage.py", "check", "--deploy")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output  # a warning, not a refusal to start
    assert ("selfhelp.W001" in output) == warned, output
    if warned:
        assert "125 database connections" in output
        assert "PostgreSQL allows 97" in output


def test_a_larger_postgresql_silences_the_warning(tmp_path):
    env = budget_env(
        tmp_path,
        SELFHELP_WORKERS="5",
        SELFHELP_THREADS="8",
        SELFHELP_APP_SERVERS="3",
        SELFHELP_DB_MAX_CONNECTIONS="200",
    )
    result = run(env, "manage.py", "check")
    assert "selfhelp.W001" not in result.stdout + result.stderr


def test_sqlite_has_no_connection_budget(tmp_path):
    env = example_env(tmp_path, SELFHELP_WORKERS="50", SELFHELP_APP_SERVERS="9")
    result = run(env, "manage.py", "check")
    assert "selfhelp.W001" not in result.stdout + result.stderr


def test_gunicorn_starts_the_workers_and_threads_the_check_counts(tmp_path):
    env = example_env(tmp_path, SELFHELP_WORKERS="3", SELFHELP_THREADS="4")
    result = run(
        env,
        "-c",
        "import runpy; c = runpy.run_path('deploy/gunicorn.conf.py'); "
        "from django.conf import settings; import django; django.setup(); "
        "print(c['workers'], c['threads'], settings.GUNICORN_WORKERS, "
        "settings.GUNICORN_THREADS)",
    )
    assert result.stdout.split() == ["3", "4", "3", "4"], result.stderr
