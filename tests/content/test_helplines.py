"""The helpline directory people can use in a minute: services for their
language and country first, numbers to tap, and facts stored once so that a
corrected number reaches every language at once."""

import importlib
import re

import pytest

from modules.content import selectors
from modules.content.models import Helpline, HelplineContact
from tests.helpers import LANGUAGES, form_data, visible_text


def section(html, kind):
    """The HTML of one section of the directory."""
    start = html.index(f'id="helplines-{kind}"')
    end = html.find('<section class="helplines', start)
    return html[start : end if end != -1 else len(html)]


def helpline_order(html):
    return re.findall(r'<li class="helpline" id="helpline-([\w-]+)"', html)


def test_a_corrected_number_shows_at_once_in_every_language(client, program):
    """The number used to live in the translated text, where a stale Finnish
    translation kept showing the old number."""
    line = HelplineContact.objects.get(value="09 2525 0111")
    line.value = "09 2525 9999"
    line.save()
    for lang in LANGUAGES:
        html = client.get(f"/{lang}/help/").content.decode()
        assert "09 2525 0111" not in html
        assert 'href="tel:0925259999"' in html
        assert ">09 2525 9999<" in html


def test_finnish_services_come_first_on_the_finnish_page(client, program):
    html = client.get("/fi/help/").content.decode()
    assert helpline_order(section(html, "crisis"))[0] == "mieli-kriisipuhelin"
    assert helpline_order(section(html, "reporting"))[0] == "nettivihje"
    assert helpline_order(section(html, "prevention"))[0] == "redirection"
    assert 'href="tel:0925250111"' in section(html, "crisis")


def test_a_spanish_service_without_listed_languages_comes_first_in_spanish(
    client, program
):
    html = client.get("/es/help/").content.decode()
    assert helpline_order(section(html, "prevention"))[0] == "prevensi"


def test_the_country_chosen_on_the_page_comes_first_and_lives_in_the_address(
    client, program
):
    html = client.get("/fi/help/?country=GB").content.decode()
    assert helpline_order(section(html, "crisis"))[0] == "samaritans"
    assert helpline_order(section(html, "prevention"))[0] == "stop-it-now-uk"
    assert '<option value="GB" selected>Iso-Britannia</option>' in html
    assert "Set-Cookie" not in str(client.get("/fi/help/?country=GB").headers)
    # Nonsense in the address is ignored, never an error.
    response = client.get("/fi/help/?country=<x>")
    assert response.status_code == 200
    assert helpline_order(section(response.content.decode(), "crisis"))[0] == (
        "mieli-kriisipuhelin"
    )


def test_services_elsewhere_wait_behind_a_summary(client, program):
    html = client.get("/fi/help/?country=FI").content.decode()
    crisis = section(html, "crisis")
    near, _sep, elsewhere = crisis.partition('<details class="elsewhere">')
    assert "helpline-mieli-kriisipuhelin" in near
    assert "helpline-samaritans" in elsewhere


def test_languages_and_countries_read_as_words_in_the_pages_language(client, program):
    text = visible_text(client.get("/fi/help/").content.decode())
    assert "ruotsi, ukraina, venäjä" in text
    assert "Iso-Britannia, Irlanti" in text
    assert "fi, sv" not in text
    assert "GB, IE" not in text
    es = visible_text(client.get("/es/help/").content.decode())
    assert "Reino Unido, Irlanda" in es


def test_entries_read_like_a_directory_not_research_notes(client, program):
    html = client.get("/fi/help/").content.decode()
    text = visible_text(html)
    assert 'Phone: "' not in html
    assert "&quot;0808" not in html
    assert "Not stated in the source" not in text
    assert "as of 2019" not in text
    # The note about anonymity comes before the first service.
    assert html.index("ennen kuin kerrot tietojasi") < html.index('class="helpline"')
    # Sources wait inside a <details> of each entry.
    # A service of another country is shown in full once its country is chosen.
    html = client.get("/fi/help/?country=GB").content.decode()
    entry = html[html.index('id="helpline-samaritans"') :]
    entry = entry[: entry.index('<li class="helpline"')]
    before, _sep, after = entry.partition('<details class="source">')
    assert "samaritans.org/how-we-can-help" in after
    assert "samaritans.org/how-we-can-help" not in before


def test_numbers_and_addresses_are_tap_to_call_or_copyable(client, program, settings):
    settings.LINK_HOSTS = []
    html = client.get("/en/help/").content.decode()
    assert 'href="tel:18887738368"' in html  # 1.888.PREVENT
    assert 'href="mailto:jo@samaritans.org"' in html
    assert 'href="sms:988"' in html
    # A clearnet address is text to copy, never a link off the onion.
    html = client.get("/es/help/").content.decode()
    assert 'href="https://www.prevensi.es"' not in html
    assert '<span class="url" translate="no" dir="ltr">www.prevensi.es</span>' in html
    settings.LINK_HOSTS = ["www.prevensi.es"]
    html = client.get("/es/help/").content.decode()
    assert 'href="https://www.prevensi.es"' in html


def test_each_helpline_has_its_contacts_stored_apart_from_its_text(program):
    for helpline in Helpline.objects.all():
        assert helpline.contacts.exists(), helpline.slug
        assert "contact" not in helpline.translatable_fields
    for contact in HelplineContact.objects.filter(kind="phone"):
        assert re.fullmatch(r"tel:\+?\d{3,}", contact.href), contact.value


def test_the_upgrade_finds_numbers_and_addresses_in_the_old_text():
    migration = importlib.import_module(
        "modules.content.migrations.0003_helpline_contacts_stored_once"
    )
    old = (
        '- Phone: "0808 1000 900" (free from UK)\n'
        '- Email: "info@prevensi.es"\n'
        '- Web: "www.prevensi.es"\n'
    )
    assert migration.contacts_from_text(old) == [
        ("phone", "0808 1000 900"),
        ("email", "info@prevensi.es"),
        ("web", "www.prevensi.es"),
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_act_now_follow_up_links_to_the_diary_and_the_plan(client, program, lang):
    html = client.get(f"/{lang}/act-now/?eased=yes").content.decode()
    assert f'href="/{lang}/diary/"' in html
    assert f'href="/{lang}/plan/"' in html


def test_an_editor_corrects_a_number_once_in_the_admin(admin_client, program, client):
    helpline = Helpline.objects.get(slug="mieli-kriisipuhelin")
    url = f"/admin/content/helpline/{helpline.pk}/change/"
    html = admin_client.get(url).content.decode()
    assert "09 2525 0111" in html  # the contact rows, edited inline
    data = form_data(html, form_id="helpline_form")
    key = next(k for k, v in data.items() if v == ["09 2525 0111"])
    data[key] = "09 2525 7777"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert 'href="tel:0925257777"' in client.get("/fi/help/").content.decode()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_section_without_a_checked_service_in_the_language_says_so(
    client, program, lang
):
    """Never a guessed number: where no national service answers in the
    reader's language, the section says so and the international ones follow."""
    html = client.get(f"/{lang}/help/").content.decode()
    for found in selectors.helpline_sections(lang):
        kind = found["kind"]
        part = section(html, kind)
        assert ('class="notice"' in part) != found["in_language"], (lang, kind)
        # Something to turn to is always in view: the services near the
        # reader, or else the others, shown open.
        assert found["helplines"] or '<details class="elsewhere" open>' in part, (
            lang,
            kind,
        )


def test_german_readers_find_german_prevention_first_polish_readers_are_told(
    client, program
):
    if "de" not in LANGUAGES or "pl" not in LANGUAGES:
        pytest.skip("German and Polish are not configured")
    german = section(client.get("/de/help/").content.decode(), "prevention")
    assert 'class="notice"' not in german
    assert helpline_order(german)[0] == "kein-taeter-werden"
    polish = section(client.get("/pl/help/").content.decode(), "prevention")
    assert 'class="notice"' in polish
    # The international services are shown at once, not behind "elsewhere".
    assert "troubled-desire" in helpline_order(polish.split("<details", 1)[0])


def test_other_countries_services_are_brief_and_their_link_shows_them_in_full(
    client, program
):
    """Kept small for Tor: a service of another country is one line with its
    numbers; its link chooses that country, where it stands in full, source and all."""
    html = client.get("/fi/help/").content.decode()
    brief = html[html.index('id="helpline-samaritans"') :]
    brief = brief[: brief.index("</li>")]
    assert 'href="?country=GB#helpline-samaritans"' in brief
    assert '<details class="source">' not in brief
    full = client.get("/fi/help/?country=GB").content.decode()
    entry = full[full.index('id="helpline-samaritans"') :]
    assert '<details class="source">' in entry[: entry.index('<li class="helpline"')]
