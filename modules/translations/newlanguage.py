"""Starting a new language's catalogues, with no gettext tools.

The program's catalogue comes from the program itself (``sync.export_catalogue``);
the interface's from the interface catalogue the other languages already have
in the database (every language holds the same English strings), emptied.
Both get the language's own headers, plural rule included, from Babel's CLDR
data, so a translator needs nothing but this site, or Poedit or Weblate.
"""

import polib

from modules.translations import formats, live, store
from modules.translations.files import (
    DOMAIN,
    po_bytes,
    release_po_path,
    write_atomically,
)
from modules.translations.models import Catalogue
from modules.translations.sync import export_catalogue

INTERFACE = "django"


def _interface_template(lang: str) -> list[polib.POEntry]:
    """Every interface string another language's live catalogue holds, untranslated."""
    other = (
        Catalogue.objects.filter(domain=INTERFACE)
        .exclude(lang=lang)
        .order_by("-version")
        .first()
    )
    if other is None:
        return []
    forms = formats.plural_forms(lang)[0]
    entries = []
    for source in store.load(other.lang, INTERFACE):
        if source.obsolete:
            continue
        entry = polib.POEntry(
            msgctxt=source.msgctxt,
            msgid=source.msgid,
            msgid_plural=source.msgid_plural,
            occurrences=source.occurrences,
            comment=source.comment,
            flags=[f for f in source.flags if f != "fuzzy"],
        )
        if source.msgid_plural:
            entry.msgstr_plural = dict.fromkeys(range(forms), "")
        entries.append(entry)
    return entries


def start(lang: str, *, write_files: bool = True) -> dict[str, int]:
    """Create ``lang``'s content and interface catalogues (keeping any
    translation they already hold) and, unless told not to, write them to the
    release's ``locale/<lang>/``. Returns the number of entries of each."""
    headers = {
        "Language": lang,
        "Language-Team": formats.english_name(lang),
        "Plural-Forms": formats.plural_forms(lang)[1],
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    export_catalogue(lang)
    template = _interface_template(lang)
    with store.editing(lang, INTERFACE) as po:
        have = {store.entry_key(INTERFACE, e.msgctxt, e.msgid) for e in po}
        po.extend(
            e
            for e in template
            if store.entry_key(INTERFACE, e.msgctxt, e.msgid) not in have
        )
    counts = {}
    for domain in (DOMAIN, INTERFACE):
        with store.editing(lang, domain) as po:
            for name, value in headers.items():
                po.metadata.setdefault(name, value)
            po.metadata["Project-Id-Version"] = (
                "selfhelp content" if domain == DOMAIN else "selfhelp"
            )
        po = store.load(lang, domain)
        counts[domain] = len([e for e in po if not e.obsolete])
        if write_files:
            write_atomically(release_po_path(lang, domain), po_bytes(po))
    live.expire()
    return counts
