"""Where a link in clinician or translator text may lead: within the site, to
an e-mail address or a phone number, or to a host the operator has listed
(SELFHELP_LINK_HOSTS). Any other address is shown as text, never as a link
that would take a visitor off the onion in one click."""

import re

import pytest

from modules.content.markdown import render_markdown
from modules.content.models import HelplineContact, Step
from modules.translations import live, store, sync
from tests.helpers import LANGUAGES, help_seeker_urls, step_path


def links(html):
    return re.findall(r'<a href="([^"]*)"', html)


@pytest.mark.parametrize(
    "source",
    [
        "[My plan](/en/plan/)",
        "[the glossary](../glossary/)",
        "[back to the top](#main)",
        "[write to us](mailto:help@example.org)",
        "[call](tel:+358401234567)",
        # A backslash is encoded (%5C), so this stays a path on this site.
        "[x](/\\evil.example/)",
    ],
)
def test_links_within_the_site_and_to_mail_or_phone_are_kept(source, settings):
    settings.LINK_HOSTS = []
    html = render_markdown(source)
    assert len(links(html)) == 1, html


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (
            "[ReDirection](https://redirectionprogram.com/)",
            "ReDirection (https://redirectionprogram.com/)",
        ),
        ("<https://evil.example/path>", "https://evil.example/path"),
        ("[x](//evil.example/)", "x (//evil.example/)"),
        ("[x](http://evil.example/a?b=c&d=e)", "x (http://evil.example/a?b=c&amp;d=e)"),
        ("[x]( https://evil.example/ )", "x (https://evil.example/)"),
        ("[https://evil.example/](https://evil.example/)", "https://evil.example/"),
    ],
)
def test_links_to_other_hosts_become_text_with_the_address_visible(
    source, text, settings
):
    settings.LINK_HOSTS = []
    html = render_markdown(source)
    assert links(html) == [], html
    assert "<a" not in html
    assert text in html, html


def test_hosts_the_operator_lists_may_be_linked_over_https(settings):
    settings.LINK_HOSTS = ["redirectionprogram.com", "abcdefghijklmnop.onion"]
    assert links(render_markdown("[R](https://redirectionprogram.com/fi/)")) == [
        "https://redirectionprogram.com/fi/"
    ]
    assert links(render_markdown("[R](https://RedirectionProgram.com/)")) == [
        "https://RedirectionProgram.com/"
    ]
    # An onion service is reached over http.
    assert links(render_markdown("[O](http://abcdefghijklmnop.onion/)")) == [
        "http://abcdefghijklmnop.onion/"
    ]
    for elsewhere in (
        "http://redirectionprogram.com/",  # clearnet without TLS
        "https://redirectionprogram.com.evil.example/",
        "https://evil.example/redirectionprogram.com",
        "https://redirectionprogram.com@evil.example/",
        "https://www.redirectionprogram.com/",
        "ftp://redirectionprogram.com/",
    ):
        html = render_markdown(f"[R]({elsewhere})")
        assert links(html) == [], elsewhere
        assert "<a" not in html, elsewhere


@pytest.mark.django_db
def test_a_translation_cannot_add_a_link_to_another_host(
    client, program, locale_copy, settings
):
    settings.LINK_HOSTS = []
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    # Staff saves and uploads refuse a link the English lacks (the
    # translation checks); a catalogue written another way (a release, a
    # text from before the checks) must still not link elsewhere.
    sync.export_all()
    with store.editing("fi") as po:
        po.find(
            step.translation_context("body"), by="msgctxt"
        ).msgstr = (
            "Lue lisää [täältä](https://evil.example/fi). [Oma suunnitelma](/fi/plan/)"
        )
    live.expire()
    html = client.get(step_path(step, "fi")).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "täältä (https://evil.example/fi)" in main
    assert 'href="https://evil.example' not in main
    assert '<a href="/fi/plan/"' in main


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_default_program_links_nowhere_else(client, program, lang):
    for url in [*help_seeker_urls(program, lang), f"/{lang}/help/"]:
        html = client.get(url).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        outside = [href for href in links(main) if re.match(r"(?i)([a-z]+:)?//", href)]
        assert outside == [], (url, outside)
    # Helplines' web addresses are there to read and copy, as text.
    html = client.get(f"/{lang}/help/").content.decode()
    assert HelplineContact.objects.filter(value__contains="https://").exists()
    assert "redirectionprogram.com" in html
