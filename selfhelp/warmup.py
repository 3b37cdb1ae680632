"""Readying a process before it serves anyone.

The first request a Python process answers costs far more than the next:
Django imports the views, compiles the templates, reads each language's
catalogues and loads the program into the content cache. Measured on the
development machine, the first page took 240 ms and the next one 0.6 ms;
under gunicorn every worker paid that at start and again each time it was
replaced (``max_requests``), five workers at once on two cores, so a visitor
now and then waited most of a second (the benchmark's 99th percentile was
200-600 ms while the median was 2 ms).

``warm_up`` asks the application for the pages every visitor starts from, in
every language offered, inside the process that loads the application.
Under gunicorn that is the master, before it forks (``preload_app``), so
every worker, and every replacement, starts with all of it already done,
and shares that memory with the others.

Nothing about a visitor is involved: the requests are made up here, carry no
cookie, and are answered like a first visit, which is the same for everyone.
"""

import gc
import io
import logging
import sys

from django.conf import settings
from django.db import connections
from django.utils import translation

from modules.content import selectors
from modules.journey.outline import stage_url, step_url
from modules.translations import offered

logger = logging.getLogger(__name__)

# The same in every language; the program's own addresses are added below.
PAGES = (
    "",
    "help/",
    "act-now/",
    "program/",
    "glossary/",
    "plan/",
    "diary/",
    "privacy/",
    "about/",
    "accessibility/",
    "save/",
    "continue/",
)


def _host():
    """A host the site answers to (the onion address if there is one), so
    the first-visit pages kept are the ones visitors will be served."""
    for host in (
        getattr(settings, "ONION_HOST", ""),
        getattr(settings, "CLEARNET_HOST", ""),
        *settings.ALLOWED_HOSTS,
    ):
        if host and host != "*" and not host.startswith("."):
            return host
    return "localhost"


def _program_paths():
    """The first track, each of its stages and one step of each kind, in the
    active language."""
    tracks = selectors.tracks()
    if not tracks:
        return []
    track = selectors.track_with_stages(tracks[0].slug)
    paths = [track.get_absolute_url()]
    kinds = set()
    for stage in track.stages.all():
        paths.append(stage_url(stage))
        for step in stage.steps.all():
            if step.kind not in kinds:
                kinds.add(step.kind)
                paths.append(step_url(stage, step))
    return paths


def paths():
    """Every address ``warm_up`` asks for."""
    found = []
    for lang in offered.languages():
        found += [f"/{lang}/{page}" for page in PAGES]
        with translation.override(lang):
            found += _program_paths()
    return found


def _get(application, path, host):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    statuses = []
    body = application(environ, lambda status, headers, *_: statuses.append(status))
    try:
        for _chunk in body:
            pass
    finally:
        if hasattr(body, "close"):
            body.close()
    return statuses[0] if statuses else ""


def warm_up(application):
    """Answer the first pages of every offered language once, then close
    the database connections used (a forked worker must open its own).
    Returns the number of pages answered with 200. Never raises: a site
    that cannot warm up (no database yet) still starts, and each worker
    warms itself on its first requests as before."""
    answered = 0
    try:
        host = _host()
        for path in paths():
            if _get(application, path, host).startswith("200"):
                answered += 1
    except Exception as error:  # an optimisation must never stop the site
        logger.warning("Warming up skipped: %s", type(error).__name__)
    finally:
        connections.close_all()
    return answered


def ready_for_workers(application):
    """What gunicorn's master does before forking: warm up, then move every
    object it holds out of the garbage collector's sight.

    The warmed process holds a few hundred thousand long-lived objects (the
    program, the catalogues, the compiled templates). Each worker's full
    collections went over all of them again and again, stopping every
    thread of the worker for tens of milliseconds: with the default eight
    threads, every request in the worker waited. ``gc.freeze`` (made for
    forking servers) leaves them out of collections; it also keeps the
    collector from writing to the pages the workers share with the master.
    Measured with wrk at 10 connections on the development machine, the
    99th percentile fell from 20-180 ms to 9-15 ms (docs in README's
    "Speed and weight")."""
    answered = warm_up(application)
    gc.collect()
    gc.freeze()
    return answered
