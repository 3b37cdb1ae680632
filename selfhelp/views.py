"""The site-wide pages: home, privacy, about, get help now, leave, errors."""

import logging

from babel import Locale
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.utils.html import escape
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from modules.content import selectors
from modules.journal.session import COOKIE_NAME as JOURNAL_COOKIE
from modules.journal.views import SHOWN_COOKIE

logger = logging.getLogger(__name__)

# The names of every cookie the site may set, so "Leave" can expire each one
# even in a browser that ignores Clear-Site-Data.
SITE_COOKIES = ("csrftoken", "sessionid", "messages", JOURNAL_COOKIE)


@require_safe
def home(request):
    # Both ways in are on the first screen, even on a phone.
    return render(request, "pages/home.html", {"tracks": selectors.tracks()})


@require_safe
def privacy(request):
    return render(
        request,
        "pages/privacy.html",
        {
            "saved_days": settings.JOURNAL_SAVED_DAYS,
            "unsaved_days": settings.JOURNAL_UNSAVED_DAYS,
            "session_hours": settings.JOURNAL_COOKIE_AGE // 3600,
            "closed_days": settings.MESSAGING_CLOSED_DAYS,
        },
    )


@require_safe
def about(request):
    return render(request, "pages/about.html")


@require_safe
def get_help(request):
    """The helpline directory: the services for the visitor's language and, if
    they chose one, country first. The country lives only in the address
    (``?country=FI``): nothing about the visitor is kept."""
    locale = Locale.parse(request.LANGUAGE_CODE.replace("-", "_"))
    countries = sorted(
        (
            (code, locale.territories.get(code, code))
            for code in selectors.helpline_countries()
        ),
        key=lambda item: item[1].casefold(),
    )
    country = request.GET.get("country", "").strip().upper()
    if country not in dict(countries):
        country = ""
    return render(
        request,
        "pages/get_help.html",
        {
            "sections": selectors.helpline_sections(
                request.LANGUAGE_CODE, country=country or None
            ),
            "countries": countries,
            "country": country,
        },
    )


@require_safe
def leave(request):
    """End the visit: clear everything the site keeps in this browser, then go
    somewhere neutral. A journal never saved with a code is deleted now (its
    key is about to be gone); a saved one stays for its code."""
    if request.journal.exists and not request.journal.is_saved:
        request.journal.delete()
    else:
        request.journal.forget()
    response = HttpResponseRedirect(settings.LEAVE_URL)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    for name in SITE_COOKIES:
        response.delete_cookie(name, samesite="Strict")
    for code, _name in settings.LANGUAGES:
        # The code just shown, kept for a reload of the save page only.
        response.delete_cookie(SHOWN_COOKIE, path=f"/{code}/save/", samesite="Strict")
    return response


@require_safe
def accessibility(request):
    return render(request, "pages/accessibility.html")


@require_safe
def robots_txt(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")


# --- Error pages -------------------------------------------------------------
# Translated, with a way back, and never a technical detail.


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
        return render(request, "errors/413.html", status=413)
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    try:
        return render(request, "errors/500.html", status=500)
    except Exception:  # the error may lie in the templates themselves
        logger.exception("The error page could not be rendered")
        title = escape(gettext("Something went wrong"))
        message = escape(gettext("Please try again in a moment."))
        return HttpResponseServerError(
            f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{message}</p>"
        )


def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", status=403)
