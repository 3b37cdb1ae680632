"""Serving first visits from the content cache.

A first visit to a help-seeker's page (no journal, no message, no staff
session, no query) looks the same for everyone but for a form's CSRF token:
the visitor has no answers yet, so My plan, a stage's summary and a step's
form are all empty, the same for every newcomer. So each process renders such
a page once, keeps it in the content cache with the token cut out, and fills
a fresh token in for every request. Nothing about any visitor is kept. A
flood of first visits (what an attacker sends: it keeps no cookies) then
costs the site little more than a static file.

``FirstVisitMiddleware`` does this for the views named in ``PAGES``. It is
the last middleware: every other one still runs on the way in and out (the
privacy and security headers, the CSRF cookie for the fresh token), and only
the view's own work is skipped.

A returning visitor's pages are their own, but they too are the same from
one request to the next until the journal changes. So the same pages are
kept for them too, sealed with their journal's key (``seal_page``: without
the visitor's cookie nobody can read them, as with the journal itself), in a
bounded store of their own, under a tag that changes with the record, and
reused until the journal, the content, the catalogue or the day changes.
"""

import re
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token

from modules.content import cache
from modules.journal.models import today
from modules.journal.session import COOKIE_NAME as JOURNAL_COOKIE
from modules.translations.lookup import catalogue_signature

# S105: a marker cut into cached HTML where the CSRF token goes, not a secret.
TOKEN_PLACEHOLDER = "\x00csrf-token\x00"  # noqa: S105
TOKEN_IN_FORM = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')

# The pages (URL names) whose first visit is the same for everyone. Not here:
# "leave" (it clears cookies), the workbook (a download of the visitor's own
# answers), and the admin.
PAGES = frozenset(
    {
        "home",
        "privacy",
        "about",
        "accessibility",
        "get_help",
        "journey:track_list",
        "journey:track",
        "journey:stage",
        "journey:stage_summary",
        "journey:step",
        "journey:plan",
        "journey:progress",
        "journey:diary",
        "journey:act_now",
        "journey:page",
        "journey:glossary",
        "journal:save",
        "journal:continue",
        "journal:delete",
    }
)


# Sealed pages of visitors with a journal kept per process (a few KB each).
OWN_PAGES_MAX = 500
_own_lock = threading.Lock()
_own_pages: OrderedDict = OrderedDict()


def _cacheable(request):
    match = request.resolver_match
    return (
        match is not None
        and match.view_name in PAGES
        and request.method in ("GET", "HEAD")
        and not request.GET
        and "messages" not in request.COOKIES
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _page_key(request, *extra):
    lang = request.LANGUAGE_CODE
    return (request.get_host(), request.path, lang, catalogue_signature(lang), *extra)


def _content_generation():
    """An object that stays the same while the content cache keeps its
    entries, and is new once it forgets them (content saved, or its time
    up): sealed pages made before are then not reused."""
    return cache.cached(("own-pages-generation",), object)


def _own_page(key, generation):
    with _own_lock:
        entry = _own_pages.get(key)
        if entry is None:
            return None
        if entry[0] is not generation:
            del _own_pages[key]
            return None
        _own_pages.move_to_end(key)
        return entry[1]


def _keep_own_page(key, generation, sealed):
    with _own_lock:
        _own_pages[key] = (generation, sealed)
        _own_pages.move_to_end(key)
        while len(_own_pages) > OWN_PAGES_MAX:
            _own_pages.popitem(last=False)


def _without_token(html):
    return TOKEN_IN_FORM.sub(
        lambda m: m.group(1) + TOKEN_PLACEHOLDER + m.group(3), html
    )


def _page_response(request, page, content_type):
    if TOKEN_PLACEHOLDER in page:
        page = page.replace(TOKEN_PLACEHOLDER, get_token(request))
    return HttpResponse(page, content_type=content_type)


class FirstVisitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        kept = getattr(request, "_page_to_keep", None)
        if (
            kept is not None
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("Content-Type", "").startswith("text/html")
        ):
            page = _without_token(response.content.decode())
            kind, key, generation = kept
            if kind == "first-visit":
                cache.store(key, (page, response["Content-Type"]))
            elif request.journal.page_tag == key[-1]:  # unchanged while shown
                sealed = request.journal.seal_page(page.encode())
                _keep_own_page(key, generation, (sealed, response["Content-Type"]))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _cacheable(request):
            return None
        if JOURNAL_COOKIE not in request.COOKIES:
            key = ("first-visit", *_page_key(request))
            cached = cache.peek(key)
            if cached is not None:
                return _page_response(request, *cached)
            request._page_to_keep = ("first-visit", key, None)
            return None
        tag = request.journal.page_tag
        if tag is None:
            return None  # no readable journal: the view explains
        key = _page_key(request, today(), tag)
        generation = _content_generation()
        kept = _own_page(key, generation)
        if kept is not None:
            sealed, content_type = kept
            page = request.journal.open_page(sealed)
            if page is not None:
                return _page_response(request, page.decode(), content_type)
        request._page_to_keep = ("own", key, generation)
        return None


@receiver(setting_changed)
def _forget_pages(**kwargs):
    """Pages show settings (how long journals are kept, say): a test that
    changes one must not be served a page made with the old value."""
    cache.clear()
    with _own_lock:
        _own_pages.clear()
