"""The languages this site serves: ``SELFHELP_LANGUAGES`` in the environment.

The operator lists them (``en,fi,es,sv``); nothing else in the code names a
language. English is the source of every text and is always served. A listed
language is offered to visitors once its catalogues are complete
(``modules/translations/offered.py``), so adding one is configuration and
translation only (docs/translating.md).

Django knows the names and writing direction of about a hundred languages; for
any other code, Babel's CLDR data gives them, and a code neither knows (a
new or made-up one) is named by its code and written left to right.
"""

import re

from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

SOURCE_LANGUAGE = "en"
# The languages whose catalogues ship in locale/: the default list.
SHIPPED = ("en", "fi", "es", "ar", "ru", "de", "pl", "sv", "pt", "fr")
CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


def _describe(code: str) -> dict:
    """Django's description of a language, or one made from Babel's data."""
    name = name_local = code
    bidi = False
    try:
        from babel import Locale, UnknownLocaleError
    except ImportError:
        return {"bidi": bidi, "code": code, "name": name, "name_local": name_local}
    try:
        locale = Locale.parse(code.replace("-", "_"))
        name = Locale.parse("en").languages.get(locale.language, code)
        name_local = (locale.display_name or name).split(" (")[0]
        bidi = locale.character_order == "right-to-left"
    except (UnknownLocaleError, ValueError, LookupError, TypeError):
        pass
    return {"bidi": bidi, "code": code, "name": name, "name_local": name_local}


def configured(codes: list[str]) -> list[tuple[str, str]]:
    """``settings.LANGUAGES`` for the listed codes, English first."""
    wanted = [code.strip().lower() for code in codes if code.strip()] or list(SHIPPED)
    bad = [code for code in wanted if not CODE.match(code)]
    if bad:
        raise ImproperlyConfigured(
            f"SELFHELP_LANGUAGES: {', '.join(bad)} is not a language code "
            "(two or three letters, e.g. 'sv' or 'pt-br')."
        )
    ordered = [SOURCE_LANGUAGE] + [
        c for c in dict.fromkeys(wanted) if c != SOURCE_LANGUAGE
    ]
    for code in ordered:
        if code not in LANG_INFO:
            LANG_INFO[code] = _describe(code)
    return [(code, LANG_INFO[code]["name"]) for code in ordered]
