"""Translations of program content, kept in ``locale/<lang>/LC_MESSAGES/content.po``.

Each translatable field of each row is one gettext entry: its ``msgctxt`` is
the row's stable key (``<model>:<uuid>:<field>``) and its ``msgid`` the current
English text. A visitor sees, in order of preference: the translation (even a
fuzzy one, until a translator reviews it), else the English source marked with
``lang="en"``.

The compiled ``content.mo`` is read by every worker, which checks the file on
each look-up and reloads it when it changed, so a translation saved in the
admin reaches every process without a restart.
"""

import gettext
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

DOMAIN = "content"
SOURCE_LANGUAGE = "en"

_lock = threading.Lock()
_loaded: dict[str, tuple[tuple, dict[str, str]]] = {}


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def po_path(lang: str, domain: str = DOMAIN) -> Path:
    return locale_dir() / lang / "LC_MESSAGES" / f"{domain}.po"


def mo_path(lang: str, domain: str = DOMAIN) -> Path:
    return po_path(lang, domain).with_suffix(".mo")


def target_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def _file_signature(path: Path):
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_ino, st.st_size)


def _read_mo(path: Path) -> dict[str, str]:
    try:
        with path.open("rb") as fp:
            catalog = gettext.GNUTranslations(fp)._catalog
    except (OSError, gettext.error, UnicodeDecodeError, IndexError, ValueError):
        # A damaged catalogue must never break a page: visitors get the
        # source text, and the admin's translation status shows the problem.
        return {}
    table = {}
    for key, value in catalog.items():
        if isinstance(key, str) and "\x04" in key and value:
            context, _msgid = key.split("\x04", 1)
            table[context] = value
    return table


def catalogue(lang: str) -> dict[str, str]:
    """The translations for ``lang``, keyed by context, reloaded when the file changes."""
    path = mo_path(lang)
    signature = _file_signature(path)
    cached = _loaded.get(lang)
    if cached is not None and cached[0] == signature:
        return cached[1]
    with _lock:
        table = _read_mo(path) if signature else {}
        _loaded[lang] = (signature, table)
    return table


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
        return Text(source, lang if source else lang, False)
    translated = catalogue(lang).get(obj.translation_context(field))
    if translated:
        return Text(translated, lang, False)
    return Text(source, SOURCE_LANGUAGE, True)


# --- Writing catalogues -----------------------------------------------------


def write_atomically(path: Path, data: bytes):
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fp:
            fp.write(data)
            fp.flush()
            os.fsync(fp.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def compile_po(po: polib.POFile, include_fuzzy: bool) -> bytes:
    mo = polib.MOFile()
    mo.metadata = dict(po.metadata)
    for entry in po:
        if entry.obsolete or not entry.msgstr and not entry.msgstr_plural:
            continue
        if entry.fuzzy and not include_fuzzy:
            continue
        mo.append(
            polib.MOEntry(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                msgstr=entry.msgstr,
                msgid_plural=entry.msgid_plural,
                msgstr_plural=entry.msgstr_plural,
            )
        )
    return mo.to_binary()


def save_catalogue(po: polib.POFile, path: Path, include_fuzzy: bool = True):
    """Save a .po file and its compiled .mo, each atomically."""
    po.wrapwidth = 79
    write_atomically(path, str(po).encode("utf-8"))
    write_atomically(path.with_suffix(".mo"), compile_po(po, include_fuzzy))
