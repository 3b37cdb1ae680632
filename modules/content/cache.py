"""A short-lived, bounded, per-process cache of published program content.

Every visitor sees the same published tracks, stages and steps, so loading
them on each request is wasted work. They are kept here for a few seconds
(SELFHELP_CONTENT_CACHE_SECONDS). Saving or deleting content clears this
process's cache at once; other processes pick the change up when their copy
expires. Nothing about any visitor is ever kept here: the only pages stored
are first visits, which are the same for everyone (the form's CSRF token is
cut out and filled in afresh for each request).

Visitors choose the URLs, so the cache must not grow with what they ask for:
it holds at most ``MAX_ENTRIES`` entries (the least recently used goes first),
expired entries are dropped, and nothing is stored for content that does not
exist (a ``None`` from the loader), so requests for made-up slugs cost a
query each and no memory.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings

# Enough for every track, step and first-visit page of a large program in a
# dozen languages (the default program needs about 350); a first-visit page
# is 10-30 KB, so the cache stays within a few tens of MiB per process.
# settings.CONTENT_CACHE_MAX_ENTRIES overrides it.
MAX_ENTRIES = 1000

_clock = time.monotonic
_lock = threading.Lock()
_entries: OrderedDict = OrderedDict()
_last_sweep = [0.0]


def _ttl():
    return settings.CONTENT_CACHE_SECONDS


def _max_entries():
    return getattr(settings, "CONTENT_CACHE_MAX_ENTRIES", MAX_ENTRIES)


def _fresh(key, now, ttl):
    """The fresh value for ``key`` (marked as just used), or None. Call with
    the lock held."""
    entry = _entries.get(key)
    if entry is None:
        return None
    if now - entry[0] >= ttl:
        del _entries[key]
        return None
    _entries.move_to_end(key)
    return entry[1]


def _sweep(now, ttl):
    """Drop every expired entry (at most once per ``ttl``). Lock held."""
    if now - _last_sweep[0] < ttl:
        return
    _last_sweep[0] = now
    for key in [k for k, (stored, _v) in _entries.items() if now - stored >= ttl]:
        del _entries[key]


def _put(key, value, now, ttl):
    """Store ``value``, making room by forgetting the least recently used.
    Lock held."""
    _sweep(now, ttl)
    _entries[key] = (now, value)
    _entries.move_to_end(key)
    limit = max(1, _max_entries())
    while len(_entries) > limit:
        _entries.popitem(last=False)


def cached(key, load):
    """The value for ``key``, loading it with ``load()`` when missing or
    stale. A ``None`` (no such content) is returned but never stored."""
    ttl = _ttl()
    if ttl <= 0:
        return load()
    with _lock:
        value = _fresh(key, _clock(), ttl)
    if value is not None:
        return value
    value = load()
    if value is not None:
        with _lock:
            _put(key, value, _clock(), ttl)
    return value


def peek(key):
    """The fresh value for ``key``, or None."""
    ttl = _ttl()
    if ttl <= 0:
        return None
    with _lock:
        return _fresh(key, _clock(), ttl)


def store(key, value):
    ttl = _ttl()
    if ttl > 0 and value is not None:
        with _lock:
            _put(key, value, _clock(), ttl)


def clear(*args, **kwargs):
    """Forget everything (connected to every content model's save and delete)."""
    with _lock:
        _entries.clear()
        _last_sweep[0] = 0.0
