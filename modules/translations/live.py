"""Each server compiles the live catalogues it needs, when they change.

The database holds the catalogues (``models.py``); each process asks it for
their stamps at most once every ``settings.CHECK_SECONDS`` (1 by default;
one small query, at the start of a request), and when a stamp differs from
what it has loaded it compiles that catalogue into this server's own directory
(``settings.LOCALE_PATHS[0]``) and reloads it. So a translation saved on any
server reaches every process of every server within about a second, with no
shared filesystem.

The processes of one server share the compiled files: a file lock lets one
of them compile while the others wait, and a ``.stamp`` file beside each .mo
says which catalogue it was compiled from, so the others only read it.
"""

import fcntl
import gettext as gettext_module
import logging
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import trans_real

from modules.translations import store
from modules.translations.files import DOMAIN, compile_po, mo_path, write_atomically

logger = logging.getLogger(__name__)
_clock = time.monotonic
_lock = threading.Lock()
_checked = [float("-inf")]
# (lang, domain) -> the stamp of the catalogue this process has loaded.
_loaded: dict[tuple[str, str], str] = {}
# The catalogues that have been complete (offered.py), as of the last check.
_complete: set[tuple[str, str]] = set()


def loaded_stamp(lang: str, domain: str = DOMAIN) -> str | None:
    return _loaded.get((lang, domain))


def snapshot() -> frozenset:
    """What this process has loaded, and which catalogues have been complete:
    changes whenever a catalogue does."""
    return frozenset(_loaded.items()) | frozenset(_complete)


def has_been_complete(lang: str, domain: str) -> bool:
    return (lang, domain) in _complete


def forget():
    """Forget what this process loaded and when it last checked: the next
    look-up checks the database and reloads."""
    with _lock:
        _checked[0] = float("-inf")
        _loaded.clear()
        _complete.clear()
    _forget_interface()


def expire():
    """Check the database at the next look-up (after this process saved)."""
    _checked[0] = float("-inf")


def hold():
    """Count as checked just now: no check for the next CHECK_SECONDS (for
    code that must not touch the database, such as tests without one)."""
    _checked[0] = _clock()


def on_request(sender, **kwargs):
    refresh()


def refresh() -> bool:
    """Bring this process's catalogues up to date with the database, at most
    once every ``CHECK_SECONDS``. True if something was reloaded."""
    if _clock() - _checked[0] < settings.CHECK_SECONDS:
        return False
    # One thread checks; the others go on with what is loaded.
    if not _lock.acquire(blocking=False):
        return False
    try:
        if _clock() - _checked[0] < settings.CHECK_SECONDS:
            return False
        _checked[0] = _clock()
        try:
            stamps = store.states()
        except DatabaseError:
            # The database is away: keep serving what is loaded (the page
            # itself will say if the database is needed).
            return False
        _complete.clear()
        _complete.update(key for key, (_v, _s, complete) in stamps.items() if complete)
        changed = [
            key for key, (_v, stamp, _c) in stamps.items() if _loaded.get(key) != stamp
        ]
        for lang, domain in list(changed):
            try:
                _compile(lang, domain, stamps[(lang, domain)][1])
            except OSError:
                # E.g. a full disk: keep serving what is loaded, try again at
                # the next check.
                logger.warning("Could not compile the %s/%s catalogue.", lang, domain)
                changed.remove((lang, domain))
                continue
            _loaded[(lang, domain)] = stamps[(lang, domain)][1]
        if any(domain != DOMAIN for _lang, domain in changed):
            _forget_interface()
        return bool(changed)
    finally:
        _lock.release()


@contextmanager
def _file_lock(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as fp:
        fcntl.flock(fp, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fp, fcntl.LOCK_UN)


def _compile(lang: str, domain: str, stamp: str):
    """Compile the catalogue into this server's directory unless another
    process of the server already did."""
    target = mo_path(lang, domain)
    marker = target.with_suffix(".stamp")
    with _file_lock(target.with_name(f".{domain}.lock")):
        if marker.exists() and marker.read_text() == stamp and target.exists():
            return
        po = store.load(lang, domain)
        # Content keeps stale (fuzzy) translations until they are reviewed;
        # the interface leaves them out, as msgfmt does.
        write_atomically(target, compile_po(po, include_fuzzy=domain == DOMAIN))
        write_atomically(marker, stamp.encode())


def _forget_interface():
    """Make Django's gettext read the interface catalogues afresh.

    Python's gettext keeps every .mo it read, by path, and Django keeps one
    translation per language; both are dropped so the next activation (the
    next request's LocaleMiddleware) reads the new files. Requests already
    running keep the translation they started with.
    """
    for key in list(gettext_module._translations):
        gettext_module._translations.pop(key, None)
    trans_real._translations = {}
    trans_real._default = None
    # Django remembers which languages have a django.mo (the names differ
    # between Django releases); a new language's first compile must be seen.
    for name in ("translation_catalog_exists", "_get_supported_language_variant"):
        cached = getattr(trans_real, name, None)
        if cached is not None:
            cached.cache_clear()
