"""Clinicians link to the site's own tools by name, ``[act now](tool:act-now)``,
and the link leads to that tool in the language of the page it is read on."""

import re

import pytest
import yaml
from django.utils import translation

from modules.content.loader import PROGRAM_DIR
from modules.content.markdown import render_markdown
from modules.content.models import Page
from tests.helpers import LANGUAGES

pytestmark = pytest.mark.django_db


def links(html):
    return re.findall(r'<a href="([^"]*)"', html)


@pytest.mark.parametrize(
    ("source", "url"),
    [
        ("[act now](tool:act-now)", "/fi/act-now/"),
        ("[helplines](tool:help)", "/fi/help/"),
        ("[My plan](tool:plan)", "/fi/plan/"),
        ("[diary](tool:diary)", "/fi/diary/"),
        ("[progress](tool:progress)", "/fi/progress/"),
        ("[workbook](tool:workbook)", "/fi/plan/workbook/"),
        ("[glossary](tool:glossary)", "/fi/glossary/"),
        ("[a word](tool:glossary#lapse)", "/fi/glossary/#lapse"),
        ("[privacy](tool:privacy)", "/fi/privacy/"),
        ("[save](tool:save)", "/fi/save/"),
        ("[continue](tool:continue)", "/fi/continue/"),
        ("[why stop](tool:page/why-stop)", "/fi/pages/why-stop/"),
        ("[a stage](tool:stage/stop/lapses)", "/fi/program/stop/lapses/"),
        ("[a step](tool:step/stop/lapses/after)", "/fi/program/stop/lapses/after/"),
    ],
)
def test_tool_links_lead_to_the_tool_in_the_pages_language(source, url):
    with translation.override("fi"):
        assert links(render_markdown(source)) == [url]


def test_the_same_text_links_to_each_language_in_turn():
    """The rendered HTML is cached: the cache must not hand Finnish readers
    the English address it made first."""
    source = "Open [the diary](tool:diary)."
    for lang in [*LANGUAGES, LANGUAGES[0]]:
        with translation.override(lang):
            assert links(render_markdown(source)) == [f"/{lang}/diary/"]


@pytest.mark.parametrize(
    "source",
    [
        "[the inbox](tool:nothing-like-this)",
        "[the inbox](tool:page/)",
        "[the inbox](tool:page/a/b)",
        "[the inbox](tool:step/stop)",
        "[the inbox](tool:)",
        "[the inbox](tool:page/ä)",
    ],
)
def test_an_unknown_tool_shows_its_words_without_a_link(source):
    with translation.override("es"):
        html = render_markdown(source)
    assert links(html) == []
    assert html.strip() == "<p>the inbox</p>"


def test_messages_link_to_the_counsellors_inbox_in_the_readers_language():
    with translation.override("fi"):
        assert links(render_markdown("[write to us](tool:messages)")) == [
            "/fi/messages/"
        ]


def test_a_page_with_a_tool_link_links_it_on_the_live_site(client, program):
    page = Page.objects.get(slug="why-stop")
    page.body = "If it gets hard, [act now](tool:act-now)."
    page.save()
    for lang in ("en", "fi"):
        html = client.get(f"/{lang}/pages/why-stop/").content.decode()
        assert f'href="/{lang}/act-now/"' in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_strong_urge_prompt_links_the_tools_it_names(client, program, lang):
    """The diary's answer to a strong urge names "I might act right now", My
    plan and the helpline directory: each is a link, in the reader's language."""
    client.post(f"/{lang}/diary/", {"strength": "9"})
    html = client.get(f"/{lang}/diary/?saved=1").content.decode()
    saved = html[html.index('id="saved"') :]
    saved = saved[: saved.index("</div>")]
    for tool in ("act-now/", "plan/", "help/"):
        assert f'href="/{lang}/{tool}"' in saved, tool


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_glossary_links_the_plan_and_the_helpline_directory(client, program, lang):
    html = client.get(f"/{lang}/glossary/").content.decode()
    terms = html[html.index("<dl") : html.index("</dl>")]
    assert f'href="/{lang}/plan/"' in terms
    assert terms.count(f'href="/{lang}/help/"') >= 2


# The names of the site's tools as the program's text writes them.
TOOL_NAMES = {
    "I might act right now": "tool:act-now",
    "My plan": "tool:plan",
    "helpline directory": "tool:help",
    "urge diary": "tool:diary",
    "Urge diary": "tool:diary",
    "Save my progress": "tool:save",
    "What to do after a lapse": "tool:step/stop/staying-on-track/after-a-lapse",
}
TOOL_LINK = re.compile(r"\[([^\]]+)\]\((tool:[^)]+)\)")


def program_texts():
    """Every clinician-written text of the default program that is shown as
    Markdown (bodies, intros, closings, prompts, feedback, definitions)."""
    shown = re.compile(r"(body|intro|closing|message|feedback|definition)$")

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and shown.search(key):
                    yield f"{where}.{key}", value
                else:
                    yield from walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(value, f"{where}[{i}]")

    for path in sorted(PROGRAM_DIR.rglob("*.yaml")):
        yield from walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)


def test_every_tool_the_program_names_is_a_link():
    """Where a prompt, summary or page names a tool, the visitor can go there
    (issue 16): each text that names one links it at least once."""
    unlinked = []
    for where, text in program_texts():
        linked = {target for _words, target in TOOL_LINK.findall(text)}
        plain = re.sub(r"\s+", " ", TOOL_LINK.sub("", text))
        unlinked += [
            (where, name)
            for name, target in TOOL_NAMES.items()
            if name in plain and target not in linked
        ]
    assert unlinked == []
