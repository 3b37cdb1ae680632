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

A returning visitor's pages are made for every request: nothing about a
visitor is kept in a process's memory (DESIGN: several servers, nothing
per-visitor in the app), and a page can change without the journal changing
(a counsellor's reply shows its marker). A step and My plan are filled into
an outline kept for everyone (``outlines.py``); the parts of other pages
that are the same for everyone are kept too (``templatetags/shared.py``).
"""

import re

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token

from modules.content import cache
from modules.journal.session import COOKIE_NAME as JOURNAL_COOKIE
from modules.translations.lookup import catalogue_signature

# S105: a marker cut into cached HTML where the CSRF token goes, not a secret.
TOKEN_PLACEHOLDER = "\x00csrf-token\x00"  # noqa: S105
TOKEN_IN_FORM = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')

# The pages (URL names) whose first visit is the same for everyone. Not here:
# "leave" (it clears cookies), the workbook (a download of the visitor's own
# answers), the admin, and the messages page (staff set its hours and reply
# times, which are not program content and would go stale in the cache).
LEFT_OUT = frozenset({"leave", "journey:workbook", "messaging:inbox"})
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


def _page_key(request):
    lang = request.LANGUAGE_CODE
    return (request.get_host(), request.path, lang, catalogue_signature(lang))


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
            cache.store(kept, (page, response["Content-Type"]))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _cacheable(request) or JOURNAL_COOKIE in request.COOKIES:
            return None
        key = ("first-visit", *_page_key(request))
        cached = cache.peek(key)
        if cached is not None:
            return _page_response(request, *cached)
        request._page_to_keep = key
        return None


@receiver(setting_changed)
def _forget_pages(**kwargs):
    """Pages show settings (how long journals are kept, say): a test that
    changes one must not be served a page made with the old value."""
    cache.clear()
