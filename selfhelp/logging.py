"""Logging without request details, for Django (``LOGGING``, at the end, which
settings.py uses) and gunicorn (deploy/gunicorn.conf.py).

A log line about a request could place a visitor at a page at a time, and an
exception's message can quote what they typed or a value from the database
("Key (key)=(...) already exists"). So records about requests keep only a
fixed message, the status, and the traceback's frames (file, line, function
and source line: what an operator needs to find the fault), never the path,
query, method, headers, user or the exception's message. Lines carry no time
of their own (the journal adds one; docs/deploy.md says how to limit it).
"""

import http
import logging
import traceback

# Level and logger name, no timestamp: shared by Django's and gunicorn's logs.
LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"


def withheld_traceback(exc):
    """A traceback of ``exc`` and the exceptions chained to it, with every
    exception's message left out: only its type and the frames."""
    chain = []
    while exc is not None and all(exc is not seen for seen in chain):
        chain.append(exc)
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    parts = []
    for i, error in enumerate(reversed(chain)):
        if i:
            parts.append("\nThe above exception led to the following one:\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(error.__traceback__))
        kind = type(error)
        parts.append(f"{kind.__module__}.{kind.__qualname__} (message withheld)\n")
    return "".join(parts).rstrip("\n")


def withhold_exception(record):
    """Replace a record's exception with its withheld traceback (as text, so
    neither a handler nor a formatter can reach the message)."""
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = withheld_traceback(record.exc_info[1])
    record.exc_info = None


def _status_line(status):
    try:
        return f"{status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


class DropRequestDetails(logging.Filter):
    """Rewrite every record about a request to a fixed message: its status
    ("500 Internal Server Error"), nothing of the request, the traceback with
    the exception's message withheld.

    On Django's stderr handler it catches every logger (django.security.*
    names a logger after each kind of suspicious request); on the
    django.request logger itself it rewrites the record before any handler,
    whoever added it, can see it."""

    def filter(self, record):
        about_a_request = any(
            hasattr(record, name) for name in ("request", "scope", "status_code")
        )
        for name in ("request", "scope"):
            if hasattr(record, name):
                delattr(record, name)
        if about_a_request:
            status = getattr(record, "status_code", None)
            record.msg = _status_line(status) if status else "Request failed"
            record.args = ()
            withhold_exception(record)
        return True


class DropAll(logging.Filter):
    """For loggers whose every record is a visitor's business (a failed CSRF
    check names the page and why the form was refused)."""

    def filter(self, record):
        return False


class GunicornWithoutRequestDetails(logging.Filter):
    """gunicorn's error log (``gunicorn.error``): a refused request is logged
    with the address it came from and the offending header or request line,
    and an application error with its method and path. Such records become a
    fixed message; for an error, the traceback stays with its message withheld.
    Everything else (workers starting, timing out, exiting) is kept as it is."""

    FIXED = (
        ("Invalid request", "Invalid request refused"),
        ("Error handling", "Error handling a request"),
        ("Socket error processing request", "Socket error processing a request"),
        ("HTTP/2", "HTTP/2 connection error"),
    )

    def filter(self, record):
        message = str(record.msg)
        for prefix, fixed in self.FIXED:
            if message.startswith(prefix):
                record.msg, record.args = fixed, ()
                withhold_exception(record)
                break
        return True


# settings.LOGGING. Warnings and errors only, to standard error.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_request": {"()": DropRequestDetails},
        "drop_all": {"()": DropAll},
    },
    "formatters": {"plain": {"format": LOG_FORMAT}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "filters": ["no_request"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        # 4xx responses are a visitor's business (a typo, a form to correct):
        # a log line per request would be a record of who was where, and when.
        # A 5xx is logged as "500 Internal Server Error" and its traceback,
        # rewritten on the logger itself so that no handler sees the request.
        "django.request": {
            "handlers": ["stderr"],
            "level": "ERROR",
            "filters": ["no_request"],
            "propagate": False,
        },
        # A request for another host name is answered with 400; logging it would
        # write request metadata (the Host header) for every stray scanner.
        "django.security.DisallowedHost": {
            "handlers": [],
            "level": "CRITICAL",
            "propagate": False,
        },
        # A failed CSRF check (an expired form, cookies cleared) is a visitor's
        # business too, and its line would name the page: never written.
        "django.security.csrf": {
            "handlers": [],
            "level": "CRITICAL",
            "filters": ["drop_all"],
            "propagate": False,
        },
        # At DEBUG level this logger writes whole template contexts, which
        # can hold a visitor's answers or a freshly made save code. Never lower it.
        "django.template": {
            "handlers": ["stderr"],
            "level": "WARNING",
            "propagate": False,
        },
        # runserver's request log (development only) would print every path.
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
    },
}
