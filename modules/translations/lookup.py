"""Showing program content in the visitor's language.

A visitor sees, in order of preference: the translation (even a fuzzy one,
until a translator reviews it), else the English source marked with
``lang="en"``. The translations come from this server's compiled
``content.mo``, which ``live.refresh()`` keeps in step with the database (at
most a second behind any other server); each process reads it once per
change, so a look-up is a dictionary access.
"""

import gettext
import threading
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation
from django.utils.html import format_html

from modules.translations import live, offered
from modules.translations.files import DOMAIN, MO_ERRORS, SOURCE_LANGUAGE, mo_path

_lock = threading.Lock()
# lang -> (the stamp it was read at, {context: translation})
_tables: dict[str, tuple[str | None, dict[str, str]]] = {}


def _read_mo(path: Path) -> dict[str, str]:
    try:
        with path.open("rb") as fp:
            catalog = gettext.GNUTranslations(fp)._catalog
    except FileNotFoundError:
        return {}
    except MO_ERRORS:
        # A damaged file must never break a page: visitors get the source
        # text, and the next change of the catalogue compiles it afresh.
        return {}
    table = {}
    for key, value in catalog.items():
        if isinstance(key, str) and "\x04" in key and value:
            context, _msgid = key.split("\x04", 1)
            table[context] = value
    return table


def catalogue(lang: str) -> dict[str, str]:
    """The translations for ``lang``, keyed by context."""
    live.refresh()
    stamp = live.loaded_stamp(lang, DOMAIN)
    cached = _tables.get(lang)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _lock:
        table = _read_mo(mo_path(lang)) if stamp else {}
        _tables[lang] = (stamp, table)
    return table


def catalogue_signature(lang: str):
    """Changes whenever the language's content or interface catalogue does,
    or the languages offered (the language menu) change."""
    live.refresh()
    return (
        live.loaded_stamp(lang, DOMAIN),
        live.loaded_stamp(lang, "django"),
        offered.languages(),
    )


def forget_loaded():
    _tables.clear()
    live.forget()


@dataclass(frozen=True)
class Text:
    """A piece of content text, with the language it is actually in."""

    text: str
    lang: str
    is_fallback: bool

    def __str__(self):
        return self.text


def translate(obj, field: str, lang: str | None = None) -> Text:
    source = getattr(obj, field) or ""
    lang = lang or translation.get_language() or SOURCE_LANGUAGE
    lang = lang.split("-")[0]
    if lang == SOURCE_LANGUAGE or not source:
        return Text(source, lang, is_fallback=False)
    translated = catalogue(lang).get(obj.translation_context(field))
    if translated:
        return Text(translated, lang, is_fallback=False)
    return Text(source, SOURCE_LANGUAGE, is_fallback=True)


def marked(text: Text, element: str = "span"):
    """HTML for a translated text: the source text shown in place of a missing
    translation carries its own ``lang``, so screen readers pronounce it right."""
    if text.is_fallback:
        return format_html('<{0} lang="{1}">{2}</{0}>', element, text.lang, text.text)
    return text.text
