"""Clinician-written Markdown to safe HTML.

markdown-it-py parses with raw HTML switched off; nh3 then keeps only a short
list of tags and attributes, so neither the source text nor a translation can
put a script, a style, an event handler, a frame or a ``javascript:`` link on
a page.
"""

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_markdown = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "typographer": False}
)


@lru_cache(maxsize=8192)
def render_markdown(text: str) -> str:
    """Render Markdown to HTML that is safe to put on a help-seeker's page."""
    if not text:
        return ""
    tokens = _markdown.parse(text)
    # Clinician text sits below the page's own <h1>: its biggest heading
    # becomes an <h2>, and the others keep their order below it, so the
    # outline never skips a level (for screen-reader users).
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    if levels:
        shift = 2 - min(levels)
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(6, max(2, int(token.tag[1]) + shift))}"
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def safe_markdown(text: str) -> SafeString:
    """``render_markdown`` marked safe for templates and ``format_html``."""
    # nh3 has just reduced the HTML to the short allow-list above.
    return mark_safe(render_markdown(text or ""))  # noqa: S308
