"""Serving a step's first visit from the content cache.

A first visit to a step (no journal, no message, no staff session, no query)
looks the same for everyone but for the form's CSRF token, so each process
renders it once, keeps it in the content cache with the token cut out, and
fills a fresh token in for every request. Nothing about any visitor is kept.
"""

import functools
import re

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token

from modules.content import cache
from modules.journal.session import COOKIE_NAME as JOURNAL_COOKIE
from modules.translations.lookup import catalogue_signature

# S105: a marker cut into cached HTML where the CSRF token goes, not a secret.
TOKEN_PLACEHOLDER = "\x00csrf-token\x00"  # noqa: S105
TOKEN_IN_FORM = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')


def _first_visit_key(request):
    """A cache key for the page as everyone sees it on a first visit, or None."""
    if request.method not in ("GET", "HEAD") or request.GET:
        return None
    if any(
        name in request.COOKIES
        for name in (JOURNAL_COOKIE, "messages", settings.SESSION_COOKIE_NAME)
    ):
        return None
    lang = request.LANGUAGE_CODE
    return ("first-visit", request.path, lang, catalogue_signature(lang))


def cache_first_visit(view):
    """Serve ``view``'s first-visit page from the content cache."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        key = _first_visit_key(request)
        if key is None:
            return view(request, *args, **kwargs)
        page = cache.peek(key)
        if page is not None:
            return HttpResponse(page.replace(TOKEN_PLACEHOLDER, get_token(request)))
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            html = response.content.decode()
            cache.store(
                key,
                TOKEN_IN_FORM.sub(
                    lambda m: m.group(1) + TOKEN_PLACEHOLDER + m.group(3), html
                ),
            )
        return response

    return wrapper
