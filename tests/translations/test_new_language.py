"""A language is added by configuration and translation only: the operator
lists it, a command starts its catalogues (no gettext tools), translators fill
them, and visitors are offered it once both catalogues are complete. Done
here with a made-up language code that neither Django nor CLDR knows."""

import polib
import pytest
from django.core.management import call_command

from modules.translations import live, offered, store
from modules.translations.files import DOMAIN, release_po_path
from modules.translations.models import Catalogue
from selfhelp.languages import configured
from tests.helpers import step_path

CODE = "xq"


def _translate_everything(lang, domain, mark="⟦xq⟧ "):
    """What a translator does in the admin, entry by entry, all at once."""
    with store.editing(lang, domain) as po:
        for entry in po:
            if entry.msgid_plural:
                entry.msgstr_plural = dict.fromkeys(
                    entry.msgstr_plural or (0, 1), mark + entry.msgid_plural
                )
            else:
                entry.msgstr = mark + entry.msgid
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
    live.expire()


@pytest.fixture
def made_up_language(settings, locale_copy):
    settings.LANGUAGES = configured([code for code, _ in settings.LANGUAGES] + [CODE])
    offered.forget()
    yield CODE
    offered.forget()


@pytest.mark.django_db
def test_a_made_up_language_is_served_once_translators_complete_it(
    client, program, made_up_language, locale_copy
):
    step = program.stages.first().steps.first()
    call_command("addlanguage", CODE, verbosity=0)
    # Both catalogues exist, with every entry to translate, and files for Poedit.
    for domain in (DOMAIN, "django"):
        catalogue = Catalogue.objects.get(lang=CODE, domain=domain)
        assert catalogue.entries.filter(msgstr="").count() > 100
        written = polib.pofile(str(release_po_path(CODE, domain, locale_copy)))
        assert written.metadata["Language"] == CODE
        assert "nplurals=" in written.metadata["Plural-Forms"]

    # Not complete: not offered, not in the menu.
    assert client.get(f"/{CODE}/").status_code == 404
    assert f'href="/{CODE}/' not in client.get("/en/").content.decode()

    # Half done is still not offered.
    _translate_everything(CODE, DOMAIN)
    assert client.get(f"/{CODE}/").status_code == 404

    _translate_everything(CODE, "django")
    home = client.get(f"/{CODE}/")
    assert home.status_code == 200
    page = home.content.decode()
    assert f'lang="{CODE}"' in page
    assert "⟦xq⟧ Leave this site" in page  # the interface
    assert f'href="/{CODE}/' in client.get("/en/").content.decode()  # the menu
    step_page = client.get(step_path(step, CODE)).content.decode()
    assert f"⟦xq⟧ {step.title}" in step_page  # the program

    # A clinician adds English later: the language stays offered, the new
    # text shows in English until it is translated.
    with store.editing(CODE, DOMAIN) as po:
        po[0].msgstr = ""
    live.expire()
    assert client.get(f"/{CODE}/").status_code == 200


@pytest.mark.django_db
def test_the_operator_can_offer_an_unfinished_language(
    client, program, made_up_language, settings
):
    call_command("addlanguage", CODE, "--no-files", verbosity=0)
    assert client.get(f"/{CODE}/").status_code == 404
    settings.OFFER_UNFINISHED = [CODE]
    response = client.get(f"/{CODE}/")
    assert response.status_code == 200
    # Untranslated text is shown in English.
    assert "Leave this site" in response.content.decode()


@pytest.mark.django_db
def test_mergecatalogues_starts_a_configured_language_without_catalogues(
    program, made_up_language
):
    call_command("mergecatalogues", verbosity=0)
    assert Catalogue.objects.filter(lang=CODE, domain="django").exists()
    assert Catalogue.objects.get(lang=CODE, domain=DOMAIN).entries.count() > 100


def test_an_unknown_code_is_refused_with_a_clear_message():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="not a language code"):
        configured(["en", "fi", "Swedish"])


@pytest.mark.django_db
def test_addlanguage_refuses_english():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="cannot be added"):
        call_command("addlanguage", "en")
