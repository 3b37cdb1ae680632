"""How many requests a server handles at once, and the database connections
that takes: read by gunicorn (deploy/gunicorn.conf.py) and by the connection
budget check (selfhelp/checks.py), so that both count the same workers.

Each gunicorn thread may hold one database connection, so the site needs up
to workers x threads x servers connections, plus a few for manage.py, the
purge timer and backups. PostgreSQL keeps some of its max_connections for
superusers."""

import multiprocessing
import os

# manage.py commands, the purge timer, a backup and an upgrade's migrate
# running at the same time as the site.
CONNECTIONS_FOR_COMMANDS = 5
# PostgreSQL's superuser_reserved_connections (3 unless changed).
CONNECTIONS_RESERVED_BY_POSTGRESQL = 3


def _env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def workers():
    """Two workers per core, plus one: requests over Tor are slow to arrive,
    and a worker waits on each. Bounded so a small server does not run out
    of memory."""
    return _env_int("SELFHELP_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, 12))


def threads():
    return _env_int("SELFHELP_THREADS", 8)


def connections_needed(workers, threads, servers):
    """Connections the whole site may open at once."""
    return workers * threads * servers + CONNECTIONS_FOR_COMMANDS


def connections_available(max_connections):
    """Connections PostgreSQL gives ordinary users."""
    return max_connections - CONNECTIONS_RESERVED_BY_POSTGRESQL
