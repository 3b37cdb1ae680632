"""Catalogue files: the release's .po files and this server's compiled .mo.

Two directories, never shared between servers:

- ``settings.RELEASE_LOCALE_DIR`` (``locale/`` in the repository): the .po
  files a release ships, the exchange format for translators and git.
  ``mergecatalogues`` reads them into the database; ``exportcatalogues``
  writes the database's catalogues back out.
- ``settings.LOCALE_PATHS[0]`` (SELFHELP_LOCALE_DIR): the .mo files this
  server compiled from the database (see ``live.py``), one directory per
  server; Django's gettext reads the interface's ``django.mo`` from it.

Every write is atomic: a crash leaves the old file or the new, never half.
"""

import os
import struct
import tempfile
from pathlib import Path

import polib
from django.conf import settings

from modules.translations.formats import nplurals

DOMAIN = "content"
SOURCE_LANGUAGE = "en"

# What reading a damaged .mo file can raise.
MO_ERRORS = (OSError, UnicodeDecodeError, IndexError, ValueError, struct.error)
# What reading a damaged .po file can raise.
CATALOGUE_ERRORS = (OSError, ValueError, UnicodeDecodeError, IndexError, KeyError)


def compiled_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def release_dir() -> Path:
    return Path(settings.RELEASE_LOCALE_DIR)


def release_po_path(lang: str, domain: str = DOMAIN, base: Path | None = None) -> Path:
    return (base or release_dir()) / lang / "LC_MESSAGES" / f"{domain}.po"


def mo_path(lang: str, domain: str = DOMAIN) -> Path:
    return compiled_dir() / lang / "LC_MESSAGES" / f"{domain}.mo"


def target_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


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


def _all_forms(plural: dict, count: int) -> dict:
    """Every plural form the catalogue's Plural-Forms names: a translation
    made for fewer (CLDR added Spanish and French forms for millions) lends
    its last form to the ones it lacks, rather than leaving gettext to fall
    back to English."""
    forms = {int(k): v for k, v in plural.items()}
    last = forms[max(forms)] if forms else ""
    return {i: forms.get(i) or last for i in range(max(count, len(forms)))}


def is_translated(entry) -> bool:
    """Has a translation (every form of a plural entry counts)."""
    if entry.msgid_plural:
        return any((entry.msgstr_plural or {}).values())
    return bool(entry.msgstr)


def compile_po(po: polib.POFile, *, include_fuzzy: bool) -> bytes:
    mo = polib.MOFile()
    mo.metadata = dict(po.metadata)
    count = nplurals(po)
    for entry in po:
        if entry.obsolete or not is_translated(entry):
            continue
        if entry.fuzzy and not include_fuzzy:
            continue
        mo.append(
            polib.MOEntry(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                msgstr=entry.msgstr,
                msgid_plural=entry.msgid_plural,
                msgstr_plural=_all_forms(entry.msgstr_plural, count)
                if entry.msgid_plural
                else {},
            )
        )
    return mo.to_binary()


def po_bytes(po: polib.POFile) -> bytes:
    po.wrapwidth = 79
    return str(po).encode("utf-8")


def new_catalogue(lang: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    po.metadata = {
        "Project-Id-Version": "selfhelp content",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    return po


def read_po(path: Path) -> polib.POFile:
    return polib.pofile(str(path), wrapwidth=79)


def catalogue_status(po: polib.POFile) -> dict[str, int]:
    active = [e for e in po if not e.obsolete]
    done = [e for e in active if is_translated(e)]
    fuzzy = sum(1 for e in done if e.fuzzy)
    missing = len(active) - len(done)
    return {
        "total": len(active),
        "translated": len(done) - fuzzy,
        "fuzzy": fuzzy,
        "missing": missing,
    }
