"""The catalogue files: where they are, reading and writing them safely.

Each language has ``locale/<lang>/LC_MESSAGES/content.po`` (program content)
and ``django.po`` (the interface), each compiled to a ``.mo`` beside it. Every
write is atomic (a crash leaves the old file or the new, never half of one),
and writers of one language take a lock that holds across processes.
"""

import fcntl
import gettext
import os
import struct
import tempfile
from contextlib import contextmanager
from pathlib import Path

import polib
from django.conf import settings

DOMAIN = "content"
SOURCE_LANGUAGE = "en"

# What reading a damaged .mo file can raise.
MO_ERRORS = (OSError, UnicodeDecodeError, IndexError, ValueError, struct.error)
# What reading a damaged .po file can raise.
CATALOGUE_ERRORS = (OSError, ValueError, UnicodeDecodeError, IndexError, KeyError)


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def po_path(lang: str, domain: str = DOMAIN) -> Path:
    return locale_dir() / lang / "LC_MESSAGES" / f"{domain}.po"


def mo_path(lang: str, domain: str = DOMAIN) -> Path:
    return po_path(lang, domain).with_suffix(".mo")


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


def compile_po(po: polib.POFile, *, include_fuzzy: bool) -> bytes:
    mo = polib.MOFile()
    mo.metadata = dict(po.metadata)
    for entry in po:
        if entry.obsolete or (not entry.msgstr and not entry.msgstr_plural):
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


def save_catalogue(po: polib.POFile, path: Path, *, include_fuzzy: bool = True):
    """Save a .po file and its compiled .mo, each atomically."""
    po.wrapwidth = 79
    write_atomically(path, str(po).encode("utf-8"))
    write_atomically(
        path.with_suffix(".mo"), compile_po(po, include_fuzzy=include_fuzzy)
    )


@contextmanager
def catalogue_lock(lang: str):
    """Serialise writers of one language's catalogue (across processes)."""
    path = po_path(lang).parent / ".content.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as fp:
        fcntl.flock(fp, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fp, fcntl.LOCK_UN)


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


def load_catalogue(lang: str) -> polib.POFile:
    path = po_path(lang)
    if not path.exists():
        return new_catalogue(lang)
    return polib.pofile(str(path), wrapwidth=79)


def load_or_rebuild(lang: str) -> polib.POFile:
    """The catalogue, or, if the file is damaged, a fresh one (the damaged
    file is kept beside it as content.po.broken for a translator to look at)."""
    try:
        return load_catalogue(lang)
    except CATALOGUE_ERRORS:
        path = po_path(lang)
        write_atomically(path.with_suffix(".po.broken"), path.read_bytes())
        return new_catalogue(lang)


def catalogue_problem(lang: str) -> str | None:
    """What is wrong with a language's catalogue files, if anything."""
    try:
        load_catalogue(lang)
    except CATALOGUE_ERRORS as exc:
        return f"content.po: {exc}"
    path = mo_path(lang)
    if path.exists() and path.stat().st_size:
        try:
            with path.open("rb") as fp:
                gettext.GNUTranslations(fp)
        except MO_ERRORS as exc:
            return f"content.mo: {exc or 'damaged'}"
    return None


def catalogue_status(lang: str) -> dict[str, int]:
    po = load_catalogue(lang)
    active = [e for e in po if not e.obsolete]
    fuzzy = sum(1 for e in active if e.fuzzy and e.msgstr)
    missing = sum(1 for e in active if not e.msgstr)
    return {
        "total": len(active),
        "translated": len(active) - fuzzy - missing,
        "fuzzy": fuzzy,
        "missing": missing,
    }
