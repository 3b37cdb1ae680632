"""Which of the configured languages visitors are offered.

The operator lists languages in ``SELFHELP_LANGUAGES``; a listed language is
offered (in the language menu, and at its own addresses) once both of its
catalogues, the program and the interface, have been complete, or at once if
``SELFHELP_OFFER_UNFINISHED`` lists it. A half-translated language would show
a frightened reader English in the middle of a sentence.

Being complete is remembered (``Catalogue.complete_since``): when clinicians
add a step later, its new English waits for translators without taking the
language away from the people using it.

The answer changes only when a catalogue does, so it is worked out again
only when ``live.refresh()`` has loaded a new stamp: on other requests it is
one comparison.
"""

import threading

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from modules.translations import live, store
from modules.translations.files import DOMAIN, SOURCE_LANGUAGE, catalogue_status
from modules.translations.models import Catalogue

DOMAINS = (DOMAIN, "django")

_lock = threading.Lock()
# (what it was worked out from, the offered codes)
_known: list = [None, (SOURCE_LANGUAGE,)]


def languages() -> tuple[str, ...]:
    """The codes of the languages offered to visitors, in the configured order."""
    live.refresh()
    basis = (
        live.snapshot(),
        tuple(settings.LANGUAGES),
        tuple(settings.OFFER_UNFINISHED),
    )
    if _known[0] == basis:
        return _known[1]
    with _lock:
        if _known[0] != basis:
            try:
                codes = _work_out()
            except DatabaseError:
                # Keep what was offered; try again after the next change.
                return _known[1]
            _known[0], _known[1] = basis, codes
    return _known[1]


def is_offered(code: str) -> bool:
    return code in languages()


def forget():
    _known[0] = None


def _work_out() -> tuple[str, ...]:
    codes = []
    for code, _name in settings.LANGUAGES:
        if code == SOURCE_LANGUAGE or code in settings.OFFER_UNFINISHED:
            codes.append(code)
        elif all(_complete(code, domain) for domain in DOMAINS):
            codes.append(code)
    return tuple(codes)


def _complete(lang: str, domain: str) -> bool:
    """Known from the check every server makes anyway; only a catalogue
    still being translated is read whole (after each change to it)."""
    if live.has_been_complete(lang, domain):
        return True
    if live.loaded_stamp(lang, domain) is None:
        return False  # no such catalogue
    return record_if_complete(lang, domain)


def record_if_complete(lang: str, domain: str) -> bool:
    """Whether the catalogue is complete now (every entry translated, none
    marked for review); if so, remember it for good."""
    status = catalogue_status(store.load(lang, domain))
    if status["total"] == 0 or status["missing"] or status["fuzzy"]:
        return False
    # A plain update: it must not give the catalogue a new version or stamp.
    Catalogue.objects.filter(lang=lang, domain=domain, complete_since=None).update(
        complete_since=timezone.now()
    )
    return True
