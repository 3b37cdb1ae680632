"""What a .po file says about its entries and itself beyond the text: the
format flags that let Poedit and Weblate check placeholders, and complete
headers (language, team, plural forms) on every catalogue that leaves the
database.

The plural forms come from Babel's table (generated from CLDR), not from a
list of our own: a language added by configuration gets the right ones.
"""

import re

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural
from django.utils import timezone

# {name}, {name!r}, {name:>3}: what str.format() fills in.
BRACE = re.compile(r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}(?!\})")
# %(name)s and %s, %d: Python's % formatting. Flags and widths are left out
# on purpose: "70 % of people" in running text is not a placeholder.
PRINTF = re.compile(r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[sdif]")

# Never a person's name or e-mail address: the catalogue's editors as a role.
LAST_TRANSLATOR = "selfhelp translators"
PROJECT = {"content": "selfhelp content", "django": "selfhelp"}
DATE_FORMAT = "%Y-%m-%d %H:%M%z"


# The headers complete_headers() writes on the way out; a catalogue read
# back in (a release's, a merged export) does not store them again.
GENERATED = frozenset(
    {
        "Project-Id-Version",
        "Report-Msgid-Bugs-To",
        "POT-Creation-Date",
        "PO-Revision-Date",
        "Last-Translator",
        "Language-Team",
        "Language",
    }
)


def format_flags(*texts: str) -> list[str]:
    """The gettext format flags the English ``texts`` call for."""
    flags = []
    if any(BRACE.search(t or "") for t in texts):
        flags.append("python-brace-format")
    if any(PRINTF.search((t or "").replace("%%", "")) for t in texts):
        flags.append("python-format")
    return flags


def add_format_flags(entry: polib.POEntry) -> polib.POEntry:
    """Give ``entry`` the format flags its English calls for (keeping any it
    has, and never one the author ruled out with ``no-...``)."""
    for flag in format_flags(entry.msgid, entry.msgid_plural):
        if flag not in entry.flags and f"no-{flag}" not in entry.flags:
            entry.flags.append(flag)
    return entry


def plural_forms(lang: str, header: str = "") -> tuple[int, str]:
    """``(nplurals, "nplurals=...; plural=...;")``: the catalogue's own
    ``header`` if it has one, else CLDR's rule for ``lang``."""
    match = re.search(r"nplurals\s*=\s*(\d+)", header or "")
    if match and "plural=" in header:
        return int(match.group(1)), header.strip()
    try:
        plural = get_plural(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        plural = get_plural("en")
    return plural.num_plurals, plural.plural_forms


def nplurals(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def english_name(lang: str) -> str:
    try:
        return Locale.parse(lang.replace("-", "_")).english_name
    except (UnknownLocaleError, ValueError):
        return lang


def complete_headers(po: polib.POFile, lang: str, domain: str, changed_at=None):
    """Fill in every header a translator's tool expects. ``changed_at`` is
    when the catalogue last changed (its PO-Revision-Date)."""
    changed = (changed_at or timezone.now()).strftime(DATE_FORMAT)
    metadata = dict(po.metadata)
    po.metadata = {
        "Project-Id-Version": PROJECT.get(domain, f"selfhelp {domain}"),
        "Report-Msgid-Bugs-To": "",
        # The English of the interface is extracted by makemessages, which
        # dates it; the content's English is as new as the catalogue.
        "POT-Creation-Date": metadata.get("POT-Creation-Date") or changed,
        "PO-Revision-Date": changed,
        "Last-Translator": LAST_TRANSLATOR,
        "Language-Team": english_name(lang),
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        # The catalogue's own rule, which its entries were written for
        # (French's classic "n > 1" has two forms; CLDR now gives three); a
        # new catalogue gets CLDR's.
        "Plural-Forms": metadata.get("Plural-Forms") or plural_forms(lang)[1],
    }
    # Anything else the catalogue carries (X-Generator...) stays, after these.
    for name, value in metadata.items():
        po.metadata.setdefault(name, value)
    return po
