"""Reading and writing the live catalogues in the database as polib objects.

Everything that changes a catalogue (the program's export, a translator's
edit or upload, a release's merge) goes through ``editing()``: the catalogue
row is locked, the caller changes a ``polib.POFile``, and only the entries
that differ are written back, with a new version and stamp if anything did.
"""

import hashlib
from contextlib import contextmanager

import polib
from django.db import transaction
from django.utils import timezone

from modules.translations.files import DOMAIN, new_catalogue
from modules.translations.formats import add_format_flags, complete_headers
from modules.translations.models import (
    Catalogue,
    Entry,
    EntryChange,
    Revision,
    new_stamp,
)

INTERFACE = "django"
DOMAINS = (DOMAIN, INTERFACE)


def entry_key(domain: str, msgctxt, msgid: str) -> str:
    """Content entries are known by their context alone (the English may
    change); interface entries by context and English, as gettext does."""
    key = msgctxt if domain == DOMAIN else f"{msgctxt or ''}\x04{msgid}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def form_key(domain: str, entry) -> str:
    """How the editor's form names an entry: a content entry by its context
    (readable, stable), an interface entry by its key (its context may be
    empty and its English is the rest of its name)."""
    if domain == DOMAIN:
        return entry.msgctxt
    return entry_key(domain, entry.msgctxt, entry.msgid)


def text_of(entry) -> str | tuple[str, ...]:
    """An entry's translation: its text, or for a plural entry the tuple of
    its forms (what saves, uploads and conflicts compare)."""
    if not entry.msgid_plural:
        return entry.msgstr or ""
    forms = {int(k): v for k, v in (entry.msgstr_plural or {}).items()}
    return tuple(forms.get(i, "") for i in range(max(forms, default=-1) + 1))


def set_text(entry, text) -> None:
    """Store ``text`` (as ``text_of`` gives it) in ``entry``."""
    if entry.msgid_plural:
        entry.msgstr_plural = dict(enumerate(text))
    else:
        entry.msgstr = text


def _to_po(row: Entry) -> polib.POEntry:
    entry = polib.POEntry(
        msgctxt=row.msgctxt,
        msgid=row.msgid,
        msgid_plural=row.msgid_plural,
        msgstr=row.msgstr,
        msgstr_plural={int(k): v for k, v in row.msgstr_plural.items()},
        flags=[*(["fuzzy"] if row.fuzzy else []), *row.flags],
        previous_msgid=row.previous_msgid or None,
        comment=row.comment,
        tcomment=row.tcomment,
        occurrences=[tuple(o) for o in row.occurrences],
        obsolete=row.obsolete,
    )
    # Not part of the .po format: kept so that a write-back preserves it.
    entry.staff_edited = row.staff_edited
    # Every entry leaves with the format flags its English calls for, so
    # Poedit and Weblate check its placeholders too.
    return add_format_flags(entry)


def _values(entry: polib.POEntry, position: int) -> dict:
    add_format_flags(entry)  # whatever the writer did with the flags
    return {
        "position": position,
        "msgctxt": entry.msgctxt,
        "msgid": entry.msgid,
        "msgid_plural": entry.msgid_plural or "",
        "msgstr": entry.msgstr or "",
        "msgstr_plural": {str(k): v for k, v in (entry.msgstr_plural or {}).items()},
        "fuzzy": entry.fuzzy,
        "flags": [f for f in entry.flags if f != "fuzzy"],
        "previous_msgid": entry.previous_msgid or "",
        "comment": entry.comment or "",
        "tcomment": entry.tcomment or "",
        "occurrences": [list(o) for o in entry.occurrences],
        "obsolete": bool(entry.obsolete),
        "staff_edited": bool(getattr(entry, "staff_edited", False)),
    }


def _po_from(catalogue: Catalogue | None, lang: str, rows) -> polib.POFile:
    po = new_catalogue(lang)
    if catalogue is not None:
        po.metadata.update(catalogue.metadata)
        po.header = catalogue.header
    po.extend(_to_po(row) for row in rows)
    return po


def load(lang: str, domain: str = DOMAIN) -> polib.POFile:
    """The live catalogue as a .po file (empty if there is none yet), with the
    version it was read at in ``po.version``."""
    catalogue = Catalogue.objects.filter(lang=lang, domain=domain).first()
    rows = catalogue.entries.order_by("position") if catalogue else []
    po = _po_from(catalogue, lang, rows)
    po.version = catalogue.version if catalogue else 0
    complete_headers(po, lang, domain, catalogue.changed_at if catalogue else None)
    return po


def states() -> dict[tuple[str, str], tuple[int, str, bool]]:
    """``{(lang, domain): (version, stamp, has been complete)}``: one small
    query, what each server checks once a second."""
    return {
        (lang, domain): (version, stamp, complete_since is not None)
        for lang, domain, version, stamp, complete_since in Catalogue.objects.values_list(
            "lang", "domain", "version", "stamp", "complete_since"
        )
    }


def versions() -> dict[tuple[str, str], tuple[int, str]]:
    """``{(lang, domain): (version, stamp)}``."""
    return {key: (version, stamp) for key, (version, stamp, _c) in states().items()}


def _translation(obj) -> tuple:
    """What a change of translation is: the text, the plural forms, fuzzy."""
    plural = obj.msgstr_plural if isinstance(obj, Entry) else obj["msgstr_plural"]
    if isinstance(obj, Entry):
        return obj.msgstr, {str(k): v for k, v in plural.items()}, obj.fuzzy
    return obj["msgstr"], plural, obj["fuzzy"]


def _write_back(catalogue: Catalogue, po: polib.POFile, rows: dict, who) -> bool:
    """Store ``po``'s entries over ``rows`` (by key); True if anything changed.
    ``who`` is ``(how, user)``: each changed translation gets a Revision."""
    version = catalogue.version + 1
    now = timezone.now()
    create, changes, revisions, seen = [], [], [], set()
    update = {}  # the fields that changed -> the rows
    for position, entry in enumerate(po):
        key = entry_key(catalogue.domain, entry.msgctxt, entry.msgid)
        if key in seen:
            continue
        seen.add(key)
        values = _values(entry, position)
        row = rows.get(key)
        if row is None:
            create.append(
                Entry(catalogue=catalogue, key=key, changed_in=version, **values)
            )
            continue
        fields = tuple(n for n, v in values.items() if getattr(row, n) != v)
        if not fields:
            continue
        old, new = _translation(row), _translation(values)
        if old != new:
            changes.append(
                EntryChange(
                    entry=row,
                    replaced_in=version,
                    msgstr=old[0],
                    msgstr_plural=old[1],
                    fuzzy=old[2],
                )
            )
            revisions.append(_revision(row, version, now, who, old, new))
            row.changed_in = version
            fields += ("changed_in",)
        for name in fields:
            setattr(row, name, values.get(name, row.changed_in))
        update.setdefault(fields, []).append(row)
    gone = [row.pk for key, row in rows.items() if key not in seen]
    metadata_changed = (catalogue.metadata, catalogue.header) != (
        dict(po.metadata),
        po.header or "",
    )
    if not (create or update or gone or metadata_changed):
        return False
    Entry.objects.filter(pk__in=gone).delete()
    Entry.objects.bulk_create(create, batch_size=500)
    # Only the fields that changed, in small batches: an UPDATE of many rows
    # is one CASE per field whose cost grows with the batch.
    for fields, rows_changed in update.items():
        Entry.objects.bulk_update(rows_changed, fields, batch_size=50)
    EntryChange.objects.bulk_create(changes, batch_size=500)
    # A new entry's first translation needs no row of its own: the first
    # change to it records it as the text before, which is what an undo
    # restores. (A row for each would be every entry of every language at
    # install, ten times what the history of real work holds.)
    Revision.objects.bulk_create(revisions, batch_size=500)
    catalogue.changed_at = now
    catalogue.metadata = dict(po.metadata)
    catalogue.header = po.header or ""
    catalogue.version = version
    catalogue.stamp = new_stamp()
    catalogue.save()
    return True


def _revision(row, version, now, who, old, new) -> Revision:
    how, user = who
    return Revision(
        entry=row,
        version=version,
        changed_at=now,
        how=how,
        user=user if getattr(user, "pk", None) else None,
        old_msgstr=old[0],
        old_plural=old[1],
        old_fuzzy=old[2],
        new_msgstr=new[0],
        new_plural=new[1],
        new_fuzzy=new[2],
    )


@contextmanager
def editing(
    lang: str,
    domain: str = DOMAIN,
    *,
    how: str = Revision.How.PROGRAM,
    user=None,
):
    """Change the live catalogue as a ``polib.POFile``, all or nothing.

    The catalogue's row is locked for the whole change, so two writers (on
    any servers) take turns. ``po.version`` is the version being changed;
    ``po.changed`` says afterwards whether anything was written. Each
    translation that changes is recorded as a ``Revision`` made ``how`` by
    ``user`` (a staff account, or None for a release or the program).
    """
    with transaction.atomic():
        catalogue, _created = Catalogue.objects.select_for_update().get_or_create(
            lang=lang, domain=domain
        )
        rows = {row.key: row for row in catalogue.entries.order_by("position")}
        po = _po_from(catalogue, lang, rows.values())
        po.version = catalogue.version
        yield po
        po.changed = _write_back(catalogue, po, rows, (how, user))
        po.version = catalogue.version


def base_translations(lang: str, domain: str, version: int) -> dict[str, tuple]:
    """For each entry changed after ``version``: ``{key: (text, fuzzy)}`` as
    it stood at ``version`` (what a download of that version held); the text
    of a plural entry is the tuple of its forms."""
    result = {}
    changes = (
        EntryChange.objects.filter(
            entry__catalogue__lang=lang,
            entry__catalogue__domain=domain,
            replaced_in__gt=version,
        )
        .order_by("-replaced_in")
        .values_list(
            "entry__key", "entry__msgid_plural", "msgstr", "msgstr_plural", "fuzzy"
        )
    )
    for key, msgid_plural, msgstr, plural, fuzzy in changes:
        # Ordered newest first, so the oldest change after ``version`` wins:
        # it holds the text that was current at ``version``.
        old = polib.POEntry(msgid="", msgid_plural=msgid_plural, msgstr=msgstr)
        old.msgstr_plural = plural
        result[key] = (text_of(old), fuzzy)
    new_since = Entry.objects.filter(
        catalogue__lang=lang, catalogue__domain=domain, changed_in__gt=version
    ).values_list("key", flat=True)
    for key in new_since:
        result.setdefault(key, ("", False))
    return result
