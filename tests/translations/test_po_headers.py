"""What leaves the database as a .po file is complete: format flags on every
entry with placeholders (so Poedit and Weblate check them), and every header
a translator's tool expects, with plural forms from Babel's CLDR data."""

import gettext

import polib
import pytest
from django.test import Client

from modules.translations import files, formats, store, sync
from modules.translations.models import Catalogue
from tests.helpers import member_of, sign_in_staff

HEADERS = (
    "Project-Id-Version",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)


def downloaded(catalogue):
    from django.contrib.auth.models import User

    user = User.objects.filter(username="translators").first()
    client = sign_in_staff(Client(), user or member_of("Translators"))
    response = client.get(f"/admin/translations/fi/{catalogue}/download/")
    return polib.pofile(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("catalogue", ["content", "interface"])
def test_every_download_has_complete_headers(program, catalogue):
    po = downloaded(catalogue)
    for name in HEADERS:
        assert po.metadata.get(name), name
    assert po.metadata["Language"] == "fi"
    assert po.metadata["Language-Team"] == "Finnish"
    # A role, never a person's name or address.
    assert po.metadata["Last-Translator"] == "selfhelp translators"
    assert "@" not in po.metadata["Last-Translator"]
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"


@pytest.mark.django_db
def test_the_revision_date_is_when_the_catalogue_last_changed(program):
    entry = next(e for e in store.load("fi") if e.msgstr and "{" not in e.msgid)
    sync.save_translations("fi", {entry.msgctxt: (entry.msgstr + " Uusi.", False)})
    changed = Catalogue.objects.get(lang="fi", domain="content").changed_at
    po = downloaded("content")
    assert po.metadata["PO-Revision-Date"] == changed.strftime("%Y-%m-%d %H:%M%z")


@pytest.mark.django_db
def test_entries_with_placeholders_carry_their_format_flags(program):
    content = downloaded("content")
    brace = [e for e in content if "{rating}" in e.msgid]
    assert brace
    assert all("python-brace-format" in e.flags for e in brace)
    plain = next(e for e in content if not formats.format_flags(e.msgid))
    assert "python-brace-format" not in plain.flags
    interface = downloaded("interface")
    assert "python-format" in interface.find("Choose at most %(limit)s.").flags
    # Kept in the database too, so every export has them.
    stored = next(e for e in store.load("fi") if "{rating}" in e.msgid)
    assert "python-brace-format" in stored.flags


@pytest.mark.parametrize(
    ("lang", "count", "numbers"),
    [
        # n -> plural form, as CLDR says.
        ("ar", 6, {0: 0, 1: 1, 2: 2, 3: 3, 11: 4, 100: 5}),
        ("ru", 3, {1: 0, 2: 1, 5: 2, 21: 0, 11: 2}),
        ("pl", 3, {1: 0, 2: 1, 5: 2, 22: 1, 21: 2}),
        ("fr", None, {0: 0, 1: 0}),
    ],
)
def test_plural_forms_come_from_cldr(lang, count, numbers):
    po = formats.complete_headers(polib.POFile(), lang, "django")
    header = po.metadata["Plural-Forms"]
    if count is not None:
        assert header.startswith(f"nplurals={count};")
    plural = gettext.c2py(header.split("plural=", 1)[1].rstrip(";"))
    for n, form in numbers.items():
        assert plural(n) == form, (lang, n)
    if lang == "fr":
        assert plural(2) != 0  # French: one form for 0 and 1 (n > 1)


def test_a_translation_with_fewer_plural_forms_than_the_language_keeps_them_all():
    """Babel gives Spanish a third form (for millions); a translation made
    with two lends its last to the third, rather than falling back to English."""
    po = formats.complete_headers(polib.POFile(), "es", "django")
    po.append(
        polib.POEntry(
            msgid="%(n)s day",
            msgid_plural="%(n)s days",
            msgstr_plural={0: "%(n)s día", 1: "%(n)s días"},
        )
    )
    mo = polib.mofile(files.compile_po(po, include_fuzzy=False))
    entry = mo.find("%(n)s day")
    assert entry.msgstr_plural == {0: "%(n)s día", 1: "%(n)s días", 2: "%(n)s días"}
