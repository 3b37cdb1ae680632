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

import fcntl
import gettext
import os
import struct
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

DOMAIN = "content"
SOURCE_LANGUAGE = "en"

_lock = threading.Lock()
# What reading a damaged .mo file can raise.
MO_ERRORS = (OSError, UnicodeDecodeError, IndexError, ValueError, struct.error)
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


# --- Export from the database ---------------------------------------------------


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


def content_entries():
    """Every translatable text in the database, in reading order, as
    ``(context, source text, where it appears)``."""
    from modules.models import GlossaryTerm, Helpline, MotivationPrompt, Page, Program

    def fields(obj, where):
        for field in obj.translatable_fields:
            text = getattr(obj, field) or ""
            if text.strip():
                yield obj.translation_context(field), text, f"{where} ({field})"

    programs = Program.objects.prefetch_related(
        "stages__steps__questions__choices", "stages__steps__questions__prompts__choice"
    )
    for program in programs:
        where = f'Track "{program.slug}"'
        yield from fields(program, where)
        for stage in program.stages.all():
            s_where = f'{where} > stage {stage.position + 1} "{stage.slug}"'
            yield from fields(stage, s_where)
            for step in stage.steps.all():
                st_where = f'{s_where} > step "{step.slug}" ({step.kind})'
                yield from fields(step, st_where)
                for question in step.questions.all():
                    q_where = f'{st_where} > question "{question.key}"'
                    yield from fields(question, q_where)
                    for choice in question.choices.all():
                        yield from fields(choice, f'{q_where} > choice "{choice.key}"')
                    for prompt in question.prompts.all():
                        yield from fields(
                            prompt, f"{q_where} > motivation prompt: {prompt}"
                        )
    for page in Page.objects.all():
        yield from fields(page, f'Page "{page.slug}"')
    for term in GlossaryTerm.objects.all():
        yield from fields(term, f'Glossary "{term.slug}"')
    for helpline in Helpline.objects.all():
        yield from fields(helpline, f'Helpline "{helpline.slug}"')
    for prompt in MotivationPrompt.objects.filter(question__isnull=True):
        yield from fields(prompt, f"Urge diary > motivation prompt: {prompt}")


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


CATALOGUE_ERRORS = (OSError, ValueError, UnicodeDecodeError, IndexError, KeyError)


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


def export_catalogue(lang: str, entries=None) -> dict[str, int]:
    """Bring ``content.po`` for ``lang`` in line with the database.

    New text is added (with the translation of identical text elsewhere, if
    any); changed text keeps its translation, marked fuzzy with the previous
    source; text that no longer exists becomes obsolete.
    """
    entries = list(content_entries()) if entries is None else entries
    counts = {"new": 0, "changed": 0, "obsolete": 0}
    with catalogue_lock(lang):
        po = load_or_rebuild(lang)
        existing = {e.msgctxt: e for e in po}
        memory = {
            e.msgid: e.msgstr for e in po if e.msgstr and not e.fuzzy and not e.obsolete
        }
        ordered, seen = [], set()
        for context, msgid, where in entries:
            if context in seen:
                continue
            seen.add(context)
            entry = existing.get(context)
            if entry is None:
                entry = polib.POEntry(
                    msgctxt=context, msgid=msgid, msgstr=memory.get(msgid, "")
                )
                counts["new"] += 1
            else:
                entry.obsolete = False
                if not entry.msgstr and msgid in memory:
                    entry.msgstr = memory[msgid]
                if entry.msgid != msgid:
                    if entry.msgstr:
                        if not entry.fuzzy:
                            entry.previous_msgid = entry.msgid
                            entry.flags.append("fuzzy")
                        counts["changed"] += 1
                    entry.msgid = msgid
            entry.comment = where
            ordered.append(entry)
        for entry in po:
            if entry.msgctxt not in seen:
                if not entry.obsolete:
                    counts["obsolete"] += 1
                entry.obsolete = True
                entry.comment = ""
                ordered.append(entry)
        fresh = new_catalogue(lang)
        fresh.metadata.update(
            {k: v for k, v in po.metadata.items() if k not in ("Language",)}
        )
        fresh.header = "Program content of selfhelp. Keys (msgctxt) are <model>:<uuid>:<field>;\nwritten by `manage.py exportcontent`, edited in the admin or any .po editor."
        fresh.extend(ordered)
        save_catalogue(fresh, po_path(lang))
    return counts


def export_all() -> dict[str, dict[str, int]]:
    entries = list(content_entries())
    return {lang: export_catalogue(lang, entries) for lang in target_languages()}


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


def save_translations(lang: str, changes: dict[str, tuple[str, bool]]) -> int:
    """Apply ``{context: (translation, needs_review)}`` and save atomically."""
    changed = 0
    with catalogue_lock(lang):
        po = load_catalogue(lang)
        by_context = {e.msgctxt: e for e in po if not e.obsolete}
        for context, (text, needs_review) in changes.items():
            entry = by_context.get(context)
            if entry is None:
                continue
            text = text.replace("\r\n", "\n")
            needs_review = needs_review and bool(text)
            if entry.msgstr == text and entry.fuzzy == needs_review:
                continue
            entry.msgstr = text
            if needs_review and not entry.fuzzy:
                entry.flags.append("fuzzy")
            elif not needs_review and entry.fuzzy:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
            changed += 1
        if changed:
            save_catalogue(po, po_path(lang))
    return changed


class CatalogueUploadError(Exception):
    """An uploaded .po file was refused; the message says why."""


def import_catalogue(lang: str, data: bytes) -> int:
    """Merge an uploaded .po file (from Poedit, Weblate...) into ``lang``.

    Only entries whose key exists in the current catalogue are taken. A
    translation made for an older source text comes in marked fuzzy.
    """
    from django.utils.translation import gettext as _

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogueUploadError(_("The file is not a UTF-8 text file.")) from exc
    try:
        uploaded = polib.pofile(text, wrapwidth=79)
    except (OSError, ValueError, IndexError, KeyError) as exc:
        raise CatalogueUploadError(
            _("The file could not be read as a .po file: %(error)s") % {"error": exc}
        ) from exc
    file_lang = (
        (uploaded.metadata.get("Language") or "")
        .strip()
        .replace("_", "-")
        .split("-")[0]
        .lower()
    )
    if not file_lang:
        raise CatalogueUploadError(
            _(
                "The file does not say which language it is in (its 'Language' header is empty)."
            )
        )
    if file_lang != lang:
        raise CatalogueUploadError(
            _("The file is for the language '%(file)s', not '%(expected)s'.")
            % {"file": file_lang, "expected": lang}
        )
    try:
        load_catalogue(lang)
    except CATALOGUE_ERRORS:
        export_catalogue(lang)  # rebuild the damaged catalogue, then take the upload
    changed = 0
    with catalogue_lock(lang):
        po = load_catalogue(lang)
        by_context = {e.msgctxt: e for e in po if not e.obsolete}
        if uploaded and not any(e.msgctxt in by_context for e in uploaded):
            raise CatalogueUploadError(
                _("None of the entries in the file belong to this program's content.")
            )
        for item in uploaded:
            entry = by_context.get(item.msgctxt)
            if entry is None or item.obsolete or not item.msgstr:
                continue
            stale = item.msgid != entry.msgid
            fuzzy = item.fuzzy or stale
            if entry.msgstr == item.msgstr and entry.fuzzy == fuzzy:
                continue
            entry.msgstr = item.msgstr
            if fuzzy and not entry.fuzzy:
                entry.flags.append("fuzzy")
                if stale:
                    entry.previous_msgid = item.msgid
            elif not fuzzy and entry.fuzzy:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
            changed += 1
        save_catalogue(po, po_path(lang))
    return changed
