"""Names and dates in the visitor's language, from Babel's CLDR data: the
words for languages and countries are maintained there, never hand-typed."""

import datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from django import template
from django.conf import settings
from django.utils.translation import get_language

from modules.content.markdown import link_allowed

register = template.Library()


def _locale():
    try:
        return Locale.parse((get_language() or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@register.filter
def language_name(code):
    """``"sv"`` as "Swedish" on an English page, "ruotsi" on a Finnish one."""
    return _locale().languages.get(code, code)


@register.filter
def country_name(code):
    """``"IE"`` as "Ireland", "Irlanti", "Irlanda"."""
    return _locale().territories.get(str(code).upper(), code)


@register.filter
def language_names(codes):
    return ", ".join(language_name(code) for code in codes)


@register.filter
def country_names(codes):
    return ", ".join(country_name(code) for code in codes)


@register.filter
def local_date(value):
    """A date (or an ISO "2019-10-29", "2024-02", "2024") as the page's
    language writes it; anything else unchanged."""
    locale = _locale()
    if isinstance(value, datetime.date):
        return format_date(value, "long", locale=locale)
    text = str(value or "").strip()
    parts = text.split("-")
    try:
        if len(parts) == 3:
            return format_date(datetime.date.fromisoformat(text), "long", locale=locale)
        if len(parts) == 2:
            day = datetime.date(int(parts[0]), int(parts[1]), 1)
            return format_skeleton("yMMMM", day, locale=locale)
    except ValueError:
        pass
    return text


@register.filter
def web_link(address):
    """A web address a visitor may follow in one tap (a host the operator
    allows, see ``content.markdown``), else "" and the page shows it as text."""
    value = str(address).strip()
    url = value if "://" in value else f"https://{value}"
    hosts = {h.strip().lower() for h in settings.LINK_HOSTS}
    return url if link_allowed(url, hosts) else ""
