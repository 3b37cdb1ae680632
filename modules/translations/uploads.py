"""Translations uploaded as a .po file (from Poedit, Weblate...), merged
into the live catalogue against the version the file was downloaded from."""

import tempfile

import polib
from django.utils.translation import gettext as _

from modules.translations import live, store
from modules.translations.checks import TranslationRefused, check_text
from modules.translations.conflicts import Conflict, TranslationConflict
from modules.translations.files import DOMAIN, is_translated
from modules.translations.models import Revision


class CatalogueUploadError(Exception):
    """An uploaded .po file was refused; the message says why."""


def _parse_po_text(text: str) -> polib.POFile:
    """Parse ``text`` as a .po file without ever opening a path it names.

    polib.pofile() opens its argument as a file whenever a file of that name
    exists, so an upload whose content is a server path would be read from
    disk: a way to test which files exist, and to merge any .po file on the
    server. The text is written to a private temporary file (mode 0600,
    deleted at once) and that file is parsed instead.
    """
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", suffix=".po", prefix="upload-"
    ) as handle:
        handle.write(text)
        handle.flush()
        try:
            return polib.pofile(handle.name, wrapwidth=79, encoding="utf-8")
        except (OSError, ValueError, IndexError, KeyError) as exc:
            # polib names the file it read: the temporary one, of no use to
            # the translator.
            error = str(exc).replace(f"{handle.name} ", "").replace(handle.name, "")
            raise CatalogueUploadError(
                _("The file could not be read as a .po file: %(error)s")
                % {"error": error}
            ) from exc


def _read_upload(lang: str, data: bytes) -> polib.POFile:
    """The uploaded .po file, if it reads as one and is for ``lang``."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogueUploadError(_("The file is not a UTF-8 text file.")) from exc
    uploaded = _parse_po_text(text)
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
    return uploaded


def _take_translation(entry, item) -> bool:
    """Copy the uploaded ``item``'s translation into ``entry``, fuzzy if the
    uploader said so or it was made for another source text. True if
    anything changed."""
    stale = item.msgid != entry.msgid
    fuzzy = item.fuzzy or stale
    text = store.text_of(item)
    if store.text_of(entry) == text and entry.fuzzy == fuzzy:
        return False
    store.set_text(entry, text)
    if fuzzy and not entry.fuzzy:
        entry.flags.append("fuzzy")
        if stale:
            entry.previous_msgid = item.msgid
    elif not fuzzy and entry.fuzzy:
        entry.flags.remove("fuzzy")
        entry.previous_msgid = None
    return True


# The header a downloaded file carries: the catalogue version it was made
# from, what an upload of it is merged against.
VERSION_HEADER = "X-Selfhelp-Catalogue-Version"


def downloaded_version(po: polib.POFile) -> int | None:
    try:
        return int(po.metadata.get(VERSION_HEADER, ""))
    except ValueError:
        return None


def _bases(lang: str, domain: str, uploaded: polib.POFile) -> dict | None:
    """``{key: (text, fuzzy)}`` at the version the file was downloaded at,
    for the entries changed since; None if the file does not say."""
    version = downloaded_version(uploaded)
    if version is None:
        return None
    return store.base_translations(lang, domain, version)


def _base_of(entry, key, bases):
    """What the file's author started from for ``entry``: None if nobody
    changed it since (the file's text simply applies)."""
    if bases is None:
        # A file of unknown origin may fill gaps, not replace translations.
        return "" if is_translated(entry) else None
    base = bases.get(key)
    return None if base is None else base[0]


def _same(a, b) -> bool:
    """Two translations are the same; an untranslated plural entry (``()``,
    or only empty forms) is the same as an empty text."""

    def plain(text):
        return (text if any(text) else "") if isinstance(text, tuple) else text

    return plain(a) == plain(b)


def _merge_item(entry, item, key, bases):
    """Take the uploaded ``item`` into ``entry`` unless the file's author did
    not change it (False) or someone changed it since the download (the
    Conflict). True if taken."""
    theirs, yours = store.text_of(entry), store.text_of(item)
    base = _base_of(entry, key, bases)
    if base is not None and not (_same(yours, base) or _same(yours, theirs)):
        return Conflict.of(entry, (yours, item.fuzzy), key)
    if base is not None and _same(yours, base):
        return False  # unchanged in the file: what is live now stays
    if _take_translation(entry, item):
        entry.staff_edited = True
        return True
    return False


def import_catalogue(
    lang: str, data: bytes, *, domain: str = DOMAIN, user=None, warnings=None
) -> int:
    """Merge an uploaded .po file (from Poedit, Weblate...) into ``lang``.

    Only entries whose key exists in the live catalogue are taken. A
    translation made for an older source text comes in marked fuzzy. The
    file is merged against the version it was downloaded from: an entry the
    translator did not change keeps what is live now; an entry changed both
    in the file and on the site since is a conflict, and then nothing is
    taken (``TranslationConflict`` lists both versions of each). A
    translation that fails a refusing check (a broken placeholder...) takes
    nothing either (``TranslationRefused`` names the entries); the warnings
    of what was taken go to ``warnings``.
    """
    uploaded = _read_upload(lang, data)
    bases = _bases(lang, domain, uploaded)
    changed, conflicts, findings = 0, [], []
    with store.editing(lang, domain, how=Revision.How.UPLOAD, user=user) as po:
        by_key = {
            store.entry_key(domain, e.msgctxt, e.msgid): e for e in po if not e.obsolete
        }

        def key_of(item):
            return store.entry_key(domain, item.msgctxt, item.msgid)

        if uploaded and not any(key_of(e) in by_key for e in uploaded):
            raise CatalogueUploadError(
                _("None of the entries in the file belong to this catalogue.")
            )
        for item in uploaded:
            entry = by_key.get(key_of(item))
            if entry is None or item.obsolete or not is_translated(item):
                continue
            outcome = _merge_item(entry, item, key_of(item), bases)
            if isinstance(outcome, Conflict):
                conflicts.append(outcome)
            elif outcome:
                findings += check_text(lang, domain, entry, store.text_of(entry))
                changed += 1
        refused = [f for f in findings if f.refuses]
        if refused:
            raise TranslationRefused(refused)  # rolls the whole upload back
        if conflicts:
            raise TranslationConflict(conflicts)  # rolls the whole upload back
    if warnings is not None:
        warnings += findings
    live.expire()
    return changed
