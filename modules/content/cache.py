"""A short-lived, per-process cache of published program content.

Every visitor sees the same published tracks, stages and steps, so loading
them on each request is wasted work. They are kept here for a few seconds
(SELFHELP_CONTENT_CACHE_SECONDS). Saving or deleting content clears this
process's cache at once; other processes pick the change up when their copy
expires. Nothing about any visitor is ever kept here: the only pages stored
are first visits, which are the same for everyone (the form's CSRF token is
cut out and filled in afresh for each request).
"""

import threading
import time

from django.conf import settings

_lock = threading.Lock()
_entries: dict = {}


def cached(key, load):
    """The value for ``key``, loading it with ``load()`` when missing or stale."""
    ttl = settings.CONTENT_CACHE_SECONDS
    if ttl <= 0:
        return load()
    now = time.monotonic()
    entry = _entries.get(key)
    if entry is not None and now - entry[0] < ttl:
        return entry[1]
    value = load()
    with _lock:
        _entries[key] = (now, value)
    return value


def peek(key):
    """The fresh value for ``key``, or None."""
    entry = _entries.get(key)
    if (
        entry is not None
        and time.monotonic() - entry[0] < settings.CONTENT_CACHE_SECONDS
    ):
        return entry[1]
    return None


def store(key, value):
    if settings.CONTENT_CACHE_SECONDS > 0:
        with _lock:
            _entries[key] = (time.monotonic(), value)


def clear(*args, **kwargs):
    """Forget everything (connected to every content model's save and delete)."""
    with _lock:
        _entries.clear()
