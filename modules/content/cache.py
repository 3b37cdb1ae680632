"""A bounded, per-process cache of published program content that agrees
across servers.

Every visitor sees the same published tracks, stages and steps, so loading
them on each request is wasted work: they are kept here until content
changes. Nothing about any visitor is ever kept here: the only pages stored
are first visits, which are the same for everyone (the form's CSRF token is
cut out and filled in afresh for each request).

How a change reaches every process: each save or delete of content adds one
to ``ContentVersion`` in the same transaction, and clears the saving
process's cache at once. Every process reads that number at most once every
``settings.CHECK_SECONDS`` (1 by default; one indexed single-row query) when
it looks something up, and forgets everything when the number moved. So an
edit committed on any server is served by every process of every server
within CHECK_SECONDS of the commit, plus the time of a request already
running. A value loaded while the cache was being cleared is not stored, so
a slow request cannot put back what an edit replaced.

Visitors choose the URLs, so the cache must not grow with what they ask for:
it holds at most ``MAX_ENTRIES`` entries (the least recently used goes
first), and nothing is stored for content that does not exist (a ``None``
from the loader), so requests for made-up slugs cost a query each and no
memory. SELFHELP_CONTENT_CACHE_SECONDS=0 turns the cache off.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.db import DatabaseError

from modules.content.models import ContentVersion

# Enough for every track, step and first-visit page of a large program in a
# dozen languages (the default program needs about 350); a first-visit page
# is 10-30 KB, so the cache stays within a few tens of MiB per process.
# settings.CONTENT_CACHE_MAX_ENTRIES overrides it.
MAX_ENTRIES = 1000

_clock = time.monotonic
_lock = threading.Lock()
_check_lock = threading.Lock()
_entries: OrderedDict = OrderedDict()
# [the ContentVersion the entries belong to, when it was last read,
#  a count of clears (a load that straddles one is not stored)]
_state = {"version": None, "checked": float("-inf"), "generation": 0}


def _enabled():
    return settings.CONTENT_CACHE_SECONDS > 0


def _max_entries():
    return getattr(settings, "CONTENT_CACHE_MAX_ENTRIES", MAX_ENTRIES)


def _check_seconds():
    return getattr(settings, "CHECK_SECONDS", 1.0)


def _sync():
    """Forget everything if content changed anywhere since the last check;
    the database is asked at most once every CHECK_SECONDS per process."""
    if _clock() - _state["checked"] < _check_seconds():
        return
    # One thread asks; the others use the cache as it is meanwhile.
    if not _check_lock.acquire(blocking=False):
        return
    try:
        if _clock() - _state["checked"] < _check_seconds():
            return
        _state["checked"] = _clock()
        try:
            version = ContentVersion.current()
        except DatabaseError:
            return  # the page will say if the database is needed
        if version != _state["version"]:
            _forget()
            _state["version"] = version
    finally:
        _check_lock.release()


def _forget():
    with _lock:
        _entries.clear()
        _state["generation"] += 1


def _fresh(key):
    """The value for ``key`` (marked as just used), or None. Lock held."""
    entry = _entries.get(key)
    if entry is None:
        return None
    _entries.move_to_end(key)
    return entry


def _put(key, value, generation):
    """Store ``value`` unless the cache was cleared since it was loaded,
    making room by forgetting the least recently used. Lock held."""
    if generation != _state["generation"]:
        return
    _entries[key] = value
    _entries.move_to_end(key)
    limit = max(1, _max_entries())
    while len(_entries) > limit:
        _entries.popitem(last=False)


def cached(key, load):
    """The value for ``key``, loading it with ``load()`` when missing. A
    ``None`` (no such content) is returned but never stored."""
    if not _enabled():
        return load()
    _sync()
    with _lock:
        value = _fresh(key)
        generation = _state["generation"]
    if value is not None:
        return value
    value = load()
    if value is not None:
        with _lock:
            _put(key, value, generation)
    return value


def peek(key):
    """The cached value for ``key``, or None."""
    if not _enabled():
        return None
    _sync()
    with _lock:
        return _fresh(key)


def store(key, value):
    if _enabled() and value is not None:
        _sync()  # what is stored belongs to the version checked last
        with _lock:
            _put(key, value, _state["generation"])


def clear(*args, **kwargs):
    """Forget everything in this process (and check the version again at the
    next look-up)."""
    _forget()
    _state["checked"] = float("-inf")


def changed(*args, **kwargs):
    """Content was saved or deleted (connected to every content model): count
    the change for the other processes and forget everything here."""
    ContentVersion.bump()
    clear()
