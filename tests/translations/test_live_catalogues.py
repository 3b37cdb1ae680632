"""The database holds the live catalogues (content and interface): every
server compiles them itself when they change, a release's .po files merge in
without losing staff work, and the catalogues can be written out at any time."""

import polib
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules.content.models import Step
from modules.translations import live, lookup, offered, store
from modules.translations.models import Catalogue, Entry, new_stamp
from tests.helpers import TRANSLATED, fi_translate, po_entry, step_path


def _release_entry(locale, lang, domain, match):
    path = locale / lang / "LC_MESSAGES" / f"{domain}.po"
    po = polib.pofile(str(path))
    return po, path, next(e for e in po if match(e))


def _another_server_saves(lang, domain, msgid, msgstr):
    """What a save on another server leaves in the database: the entry and a
    new stamp, without this process being told."""
    catalogue = Catalogue.objects.get(lang=lang, domain=domain)
    Entry.objects.filter(catalogue=catalogue, msgid=msgid).update(msgstr=msgstr)
    Catalogue.objects.filter(pk=catalogue.pk).update(
        version=catalogue.version + 1, stamp=new_stamp()
    )


@pytest.mark.django_db
def test_a_release_merges_in_keeping_staff_translations_and_marking_changed_english(
    client, program, locale_copy, capsys
):
    # The default program as `make setup` installs it, surveys included, so
    # that every entry of the release has its text on the site.
    call_command("loadsurveys", verbosity=0)
    steps = list(Step.objects.filter(stage__track=program, kind="reading")[:3])
    kept, replaced, changed = steps
    fi_translate(kept, "title", "Kääntäjän oma otsikko")  # staff work
    # The next release: a better translation of two titles, a new interface
    # string, and one interface string dropped.
    po, path, entry = _release_entry(
        locale_copy,
        "fi",
        "content",
        lambda e: e.msgctxt == kept.translation_context("title"),
    )
    entry.msgstr = "Julkaisun otsikko"
    next(
        e for e in po if e.msgctxt == replaced.translation_context("title")
    ).msgstr = "Parempi otsikko julkaisusta"
    po.save(str(path))
    po, path, dropped = _release_entry(
        locale_copy, "fi", "django", lambda e: e.msgid == "Leave this site"
    )
    po.remove(dropped)
    po.append(
        polib.POEntry(msgid="A string new in this release", msgstr="Uusi merkkijono")
    )
    po.save(str(path))
    # The upgrade changed the English of a third step.
    changed.body = "English rewritten by the release."
    changed.save()

    call_command("mergecatalogues")

    report = capsys.readouterr().out
    assert (
        "fi/content: 0 added, 1 updated from the release, 1 staff translations kept"
        in report
    )
    assert "fi/django: 1 added" in report
    assert "1 no longer used" in report
    assert po_entry("fi", kept, "title").msgstr == "Kääntäjän oma otsikko"
    assert po_entry("fi", replaced, "title").msgstr == "Parempi otsikko julkaisusta"
    review = po_entry("fi", changed, "body")
    assert review.fuzzy
    assert review.previous_msgid
    assert review.msgstr
    interface = {e.msgid: e for e in store.load("fi", "django")}
    assert interface["A string new in this release"].msgstr == "Uusi merkkijono"
    assert interface["Leave this site"].obsolete
    html = client.get(step_path(replaced, "fi")).content.decode()
    assert "<h1>Parempi otsikko julkaisusta</h1>" in html
    # What the interface no longer has is no longer shown.
    html = client.get("/fi/").content.decode()
    assert ">Leave this site</a>" in html
    # A second run of the same release changes nothing.
    version = store.load("fi").version
    call_command("mergecatalogues", verbosity=0)
    assert store.load("fi").version == version


@pytest.mark.django_db
def test_the_live_catalogues_export_to_po_files_that_merge_back_unchanged(
    program, tmp_path
):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    fi_translate(step, "title", "Sivuston käännös")
    call_command("exportcatalogues", str(tmp_path), verbosity=0)
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.po"))
    assert written == sorted(
        f"{lang}/LC_MESSAGES/{domain}.po"
        for lang in TRANSLATED
        for domain in ("content", "django")
    )
    exported = polib.pofile(str(tmp_path / "fi" / "LC_MESSAGES" / "content.po"))
    assert exported.find(step.translation_context("title"), by="msgctxt").msgstr == (
        "Sivuston käännös"
    )
    versions = store.versions()
    call_command("mergecatalogues", "--from", str(tmp_path), verbosity=0)
    assert store.versions() == versions


@pytest.mark.django_db
def test_interface_translations_come_from_the_database(client, program):
    assert ">Poistu sivustolta</a>" in client.get("/fi/").content.decode()
    with store.editing("fi", "django") as po:
        po.find("Leave this site").msgstr = "Lähde sivustolta heti"
    live.expire()  # as the process that saved does
    html = client.get("/fi/").content.decode()
    assert ">Lähde sivustolta heti</a>" in html


@pytest.mark.django_db
def test_another_servers_change_shows_here_within_a_second_and_pages_check_once_a_second(
    client, program, monkeypatch, settings
):
    settings.CHECK_SECONDS = 1.0
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    fi_translate(step, "title", "Ensimmäinen otsikko")
    now = [1000.0]
    monkeypatch.setattr(live, "_clock", lambda: now[0])
    live.expire()
    assert (
        "<h1>Ensimmäinen otsikko</h1>"
        in client.get(step_path(step, "fi")).content.decode()
    )

    _another_server_saves("fi", "content", step.title, "Toisen palvelimen otsikko")
    now[0] += 0.5
    with CaptureQueriesContext(connection) as queries:
        for path in (step_path(step, "fi"), "/fi/", "/fi/help/", step_path(step, "fi")):
            assert client.get(path).status_code == 200
    asked = [
        q for q in queries.captured_queries if "translations_catalogue" in q["sql"]
    ]
    assert asked == [], "within the second, no page asks the database again"
    now[0] += 0.6
    with CaptureQueriesContext(connection) as queries:
        html = client.get(step_path(step, "fi")).content.decode()
        client.get("/fi/")
    assert "<h1>Toisen palvelimen otsikko</h1>" in html
    asked = [
        q
        for q in queries.captured_queries
        if "translations_catalogue" in q["sql"] and "WHERE" not in q["sql"]
    ]
    assert len(asked) == 1, "one check of every catalogue's stamp"


@pytest.mark.django_db
def test_each_server_compiles_into_its_own_directory(program, tmp_path, settings):
    """No shared filesystem: a server with an empty directory of its own
    compiles what the database holds."""
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    fi_translate(step, "title", "Omasta hakemistosta")
    settings.LOCALE_PATHS = [tmp_path / "server-2"]
    lookup.forget_loaded()
    assert lookup.translate(step, "title", "fi").text == "Omasta hakemistosta"
    assert (tmp_path / "server-2" / "fi" / "LC_MESSAGES" / "content.mo").exists()
    assert (tmp_path / "server-2" / "fi" / "LC_MESSAGES" / "django.mo").exists()


@pytest.mark.django_db
def test_the_install_steps_fill_an_empty_database_with_the_releases_catalogues(
    client, program, locale_copy
):
    """deploy.md's install runs migrate, compilemessages and loadprogram:
    compilemessages merges the release in, so Finnish pages are in Finnish.
    Before it, Finnish has no catalogue and is not offered at all."""
    Catalogue.objects.all().delete()
    live.forget()
    offered.forget()
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    assert client.get(step_path(step, "fi")).status_code == 404
    call_command("compilemessages", verbosity=0)
    html = client.get(step_path(step, "fi")).content.decode()
    assert '<span lang="en">' not in html.split("<main", 1)[1]
    assert ">Poistu sivustolta</a>" in html
