"""The connection budget: warn before PostgreSQL refuses connections under
load. Each gunicorn thread may hold one connection; when the sum over every
app server passes max_connections, the requests that find none fail with a
500 exactly when the site is busiest (a surge, or a flood)."""

from django.conf import settings
from django.core.checks import Warning, register

from selfhelp import capacity


@register("selfhelp")
def connection_budget(app_configs, **kwargs):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return []  # SQLite opens a file, not a connection to a server
    needed = capacity.connections_needed(
        settings.GUNICORN_WORKERS, settings.GUNICORN_THREADS, settings.APP_SERVERS
    )
    available = capacity.connections_available(settings.DB_MAX_CONNECTIONS)
    if needed <= available:
        return []
    return [
        Warning(
            f"{settings.GUNICORN_WORKERS} workers x {settings.GUNICORN_THREADS} threads "
            f"x {settings.APP_SERVERS} app server(s) + "
            f"{capacity.CONNECTIONS_FOR_COMMANDS} for commands = {needed} database "
            f"connections, but PostgreSQL allows {available} "
            f"(max_connections {settings.DB_MAX_CONNECTIONS} - "
            f"{capacity.CONNECTIONS_RESERVED_BY_POSTGRESQL} reserved).",
            hint="Lower SELFHELP_WORKERS or SELFHELP_THREADS, or raise PostgreSQL's "
            "max_connections and set SELFHELP_DB_MAX_CONNECTIONS to match (see the "
            "connection budget in docs/deploy.md).",
            id="selfhelp.W001",
        )
    ]
