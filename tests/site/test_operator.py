"""Who runs this site: the operator's name, a short description and a way to
reach them are settings, shown in the footer, on the about page and in the
accessibility statement; unset, the pages say so plainly."""

import pytest

from tests.helpers import visible_text

pytestmark = pytest.mark.django_db

PAGES = ("/{lang}/", "/{lang}/about/", "/{lang}/accessibility/")


@pytest.mark.parametrize("lang", ["en", "fi", "es"])
def test_an_unnamed_operator_is_said_plainly(client, settings, lang):
    settings.OPERATOR_NAME = settings.OPERATOR_DESCRIPTION = ""
    settings.OPERATOR_CONTACT = ""
    for page in PAGES:
        html = client.get(page.format(lang=lang)).content.decode()
        assert "SELFHELP_OPERATOR_NAME" in html
        assert 'class="operator operator--missing"' in html


def test_the_operator_is_named_with_a_way_to_reach_them(client, settings):
    settings.OPERATOR_NAME = "Example Prevention Association"
    settings.OPERATOR_DESCRIPTION = "A charity that has run prevention work since 2001."
    settings.OPERATOR_CONTACT = "help@example.org"
    footer = visible_text(client.get("/fi/").content.decode())
    assert "Example Prevention Association" in footer
    for page in ("/fi/about/", "/fi/accessibility/"):
        html = client.get(page).content.decode()
        assert "A charity that has run prevention work since 2001." in html
        assert 'href="mailto:help@example.org"' in html
        assert "SELFHELP_OPERATOR_NAME" not in html


def test_a_clearnet_contact_address_is_text_not_a_link(client, settings):
    settings.OPERATOR_NAME = "Example"
    settings.OPERATOR_CONTACT = "https://example.org/contact"
    settings.LINK_HOSTS = []
    html = client.get("/en/about/").content.decode()
    assert 'href="https://example.org/contact"' not in html
    assert "https://example.org/contact" in html
