"""Safe rendering: whatever clinicians or translators type, the Markdown that
reaches a page can run no code, style nothing and load nothing from elsewhere."""

from html.parser import HTMLParser

import pytest

from modules.content.markdown import render_markdown
from modules.content.models import Page, Step
from tests.helpers import LANGUAGES, fi_translate, step_path

PAYLOADS = [
    "<script>alert(1)</script>",
    "<style>body{display:none}</style>",
    '<img src="x" onerror="alert(1)">',
    '<iframe src="https://evil.example/"></iframe>',
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
    "![tracker](https://evil.example/pixel.png)",
    '<div style="color:red">styled</div>',
    "<svg onload=alert(1)>",
]


def assert_inert(html):
    """No element or attribute that could run code, style the page or load from elsewhere."""
    found = []

    class Inspector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in (
                "script",
                "style",
                "iframe",
                "img",
                "svg",
                "object",
                "embed",
                "frame",
            ):
                found.append(tag)
            for name, value in attrs:
                if name.startswith("on") or name == "style":
                    found.append(f"{tag}[{name}]")
                if (
                    name in ("href", "src", "action")
                    and value
                    and value.strip().lower().startswith(("javascript:", "http", "//"))
                ):
                    found.append(f"{tag}[{name}={value}]")

    Inspector().feed(html)
    assert found == [], found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_cannot_inject_script_style_handlers_frames_or_js_links(payload):
    assert_inert(render_markdown(f"Hello\n\n{payload}\n\nworld"))


@pytest.mark.django_db
def test_payloads_in_source_text_and_translation_never_reach_the_page(
    client, program, locale_copy
):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    step.body = "\n\n".join(PAYLOADS)
    step.save()
    question = step.questions.first()
    question.text = PAYLOADS[0] + " and " + PAYLOADS[2]
    question.save()
    fi_translate(step, "body", "\n\n".join(reversed(PAYLOADS)))
    for lang in LANGUAGES:
        html = client.get(step_path(step, lang)).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        assert_inert(main)
    page = Page.objects.get(slug="why-stop")
    page.body = "\n\n".join(PAYLOADS)
    page.save()
    html = client.get("/en/pages/why-stop/").content.decode()
    assert_inert(html[html.index("<main") : html.index("</main>")])
