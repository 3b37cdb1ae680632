"""Showing program content in the visitor's language.

A visitor sees, in order of preference: the translation (even a fuzzy one,
until a translator reviews it), else the English source marked with
``lang="en"``. The compiled ``content.mo`` is read by every worker, which
checks the file on each look-up and reloads it when it changed, so a
translation saved in the admin reaches every process without a restart.
"""

import gettext
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

from modules.translations.files import MO_ERRORS, SOURCE_LANGUAGE, mo_path

_lock = threading.Lock()
_loaded: dict[str, tuple[tuple, dict[str, str]]] = {}


def _read_mo(path: Path) -> dict[str, str]:
    try:
        with path.open("rb") as fp:
            catalog = gettext.GNUTranslations(fp)._catalog
    except MO_ERRORS:
        # A damaged catalogue must never break a page: visitors get the
        # source text, and the admin's translation status shows the problem.
        return {}
    table = {}
    for key, value in catalog.items():
        if isinstance(key, str) and "\x04" in key and value:
            context, _msgid = key.split("\x04", 1)
            table[context] = value
    return table


_mo_paths: dict[tuple[str, str], str] = {}


def catalogue(lang: str) -> dict[str, str]:
    """The translations for ``lang``, keyed by context, reloaded when the file changes."""
    key = (str(settings.LOCALE_PATHS[0]), lang)
    path = _mo_paths.get(key)
    if path is None:
        path = _mo_paths[key] = str(mo_path(lang))
    try:
        st = os.stat(path)
        signature = (st.st_mtime_ns, st.st_ino, st.st_size)
    except FileNotFoundError:
        signature = None
    cached = _loaded.get(lang)
    if cached is not None and cached[0] == signature:
        return cached[1]
    with _lock:
        table = _read_mo(Path(path)) if signature else {}
        _loaded[lang] = (signature, table)
    return table


def catalogue_signature(lang: str):
    """Changes whenever the language's compiled catalogue changes."""
    catalogue(lang)
    entry = _loaded.get(lang)
    return entry[0] if entry else None


def forget_loaded():
    _loaded.clear()


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
