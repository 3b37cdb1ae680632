"""A release's .po files and the live catalogues: merging in, writing out.

``merge_release()`` brings the catalogues a release ships (``locale/``) into
the database on upgrade: new strings are added, translations staff made in
the admin are kept, the release's own translations replace older release
translations, and interface strings the release no longer has become
obsolete. Content whose English changed is marked for review by the export
that follows (``sync.export_all``), which compares with the program itself.

``export_release()`` writes the live catalogues back out as .po files, so a
live site's work can be brought into the repository at any time.
"""

from pathlib import Path

import polib

from modules.translations import live, store
from modules.translations.files import (
    DOMAIN,
    po_bytes,
    read_po,
    release_po_path,
    target_languages,
    write_atomically,
)
from modules.translations.formats import GENERATED
from modules.translations.models import Revision


def _take(domain, live_entry, shipped) -> bool:
    """Copy the release's translation into ``live_entry`` unless staff made
    theirs. True if anything changed."""
    before = (live_entry.msgstr, dict(live_entry.msgstr_plural), live_entry.fuzzy)
    if domain != DOMAIN:
        # Where the interface uses it; for content the export says where
        # (and .po files wrap long comments, so a copy would never match).
        live_entry.comment = shipped.comment
        live_entry.occurrences = shipped.occurrences
    live_entry.obsolete = False
    if getattr(live_entry, "staff_edited", False) and (
        live_entry.msgstr or live_entry.msgstr_plural
    ):
        return False
    if live_entry.msgid == shipped.msgid:
        live_entry.msgstr = shipped.msgstr
        live_entry.msgstr_plural = dict(shipped.msgstr_plural)
        live_entry.flags = list(shipped.flags)
        live_entry.previous_msgid = shipped.previous_msgid
    elif shipped.msgstr and not live_entry.msgstr:
        # Made for another English text: shown, but marked for review.
        live_entry.msgstr = shipped.msgstr
        if not live_entry.fuzzy:
            live_entry.flags.append("fuzzy")
        live_entry.previous_msgid = shipped.msgid
    return before != (
        live_entry.msgstr,
        dict(live_entry.msgstr_plural),
        live_entry.fuzzy,
    )


def _merged_entries(domain, po, shipped, counts) -> list:
    """The live entries with the release's merged in, in the release's order
    (the live entries the release lacks after them)."""
    by_key = {store.entry_key(domain, e.msgctxt, e.msgid): e for e in po}
    order, seen = [], set()
    for item in shipped:
        if item.obsolete:
            continue
        key = store.entry_key(domain, item.msgctxt, item.msgid)
        seen.add(key)
        entry = by_key.get(key)
        if entry is None:
            item.staff_edited = False
            order.append(item)
            counts["added"] += 1
            continue
        if _take(domain, entry, item):
            counts["updated"] += 1
        elif entry.msgstr != item.msgstr and item.msgstr:
            counts["kept"] += 1
        order.append(entry)
    for key, entry in by_key.items():
        if key in seen:
            continue
        if domain != DOMAIN and not entry.obsolete:
            # The interface no longer has this string.
            entry.obsolete = True
            counts["obsolete"] += 1
        order.append(entry)
    if domain == DOMAIN:
        # Content keeps the program's order (the export sets it), new text last.
        present = {id(e) for e in po}
        added = [e for e in order if id(e) not in present]
        return [*po, *added]
    return order


def merge_catalogue(lang: str, domain: str, shipped: polib.POFile) -> dict[str, int]:
    counts = {"added": 0, "updated": 0, "kept": 0, "obsolete": 0}
    with store.editing(lang, domain, how=Revision.How.RELEASE) as po:
        order = _merged_entries(domain, po, shipped, counts)
        for name, value in shipped.metadata.items():
            if name == "POT-Creation-Date" and domain != DOMAIN:
                # When makemessages last read the interface's English.
                po.metadata[name] = value
            elif name not in GENERATED:
                po.metadata.setdefault(name, value)
        if domain != DOMAIN:
            po.header = shipped.header
        po[:] = order
    live.expire()
    return counts


def merge_release(base: Path | None = None) -> dict[tuple[str, str], dict[str, int]]:
    """Merge every .po file the release ships into the live catalogues."""
    report = {}
    for lang in target_languages():
        for domain in store.DOMAINS:
            path = release_po_path(lang, domain, base)
            if path.exists():
                report[(lang, domain)] = merge_catalogue(lang, domain, read_po(path))
    return report


def export_release(target: Path) -> list[Path]:
    """Write every live catalogue as ``<target>/<lang>/LC_MESSAGES/<domain>.po``."""
    written = []
    for lang in target_languages():
        for domain in store.DOMAINS:
            po = store.load(lang, domain)
            if not len(po):
                continue
            path = release_po_path(lang, domain, target)
            write_atomically(path, po_bytes(po))
            written.append(path)
    return written
