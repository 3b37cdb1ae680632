"""Clinician-written Markdown to safe HTML.

markdown-it-py parses with raw HTML switched off; nh3 then keeps only a short
list of tags and attributes, so neither the source text nor a translation can
put a script, a style, an event handler, a frame or a ``javascript:`` link on
a page.

Where links may lead. A visitor who clicks a link to another host leaves the
onion (in Tor Browser, for a clearnet site the exit node then sees where they
went; in any browser, the other site learns that someone came), often without
noticing, and a frightened visitor should never be one click away from that.
So the text of clinicians and translators may link:

- within the site: relative links (``/fi/plan/``, ``../glossary/``, ``#main``);
- to ``mailto:`` and ``tel:`` addresses: they open the visitor's own mail or
  phone app, which the visitor then chooses to use, and load nothing;
- to a host listed in ``SELFHELP_LINK_HOSTS`` (settings.LINK_HOSTS; empty by
  default): over https, or http for a ``.onion`` host, which Tor encrypts.

- to one of the site's own tools by its stable name, ``[text](tool:NAME)``
  (see ``TOOLS``): the link goes to that tool in the page's language, so a
  clinician's text never hard-codes ``/en/`` and survives a change of address.
  A name the site does not know (a typo, or a tool this site does not run)
  is shown as its text alone, never as a broken link or an error.

Any other link (another host, ``//host``, plain http to a clearnet host, any
other scheme) is shown as its text followed by the address in brackets, not
as a link, so the visitor can still read it, copy it and decide. Helplines'
contact rows follow the same rule (``HelplineContact``): phones and e-mail
addresses become ``tel:`` (``sms:`` for text lines) and ``mailto:`` links, and
a web address is a link only for an allowed host, else text to copy.
"""

from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from markdown_it import MarkdownIt
from markdown_it.token import Token

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


# The site's tools by the names clinicians write after ``tool:``: each is a
# URL name (resolved with ``reverse``, so no app's code is imported here) and
# the number of path parts the name takes after a slash, e.g. ``page/why-stop``.
TOOLS = {
    "home": ("home", ()),
    "program": ("journey:track_list", ()),
    "track": ("journey:track", ("track",)),
    "act-now": ("journey:act_now", ()),
    "help": ("get_help", ()),
    "plan": ("journey:plan", ()),
    "diary": ("journey:diary", ()),
    "progress": ("journey:progress", ()),
    "workbook": ("journey:workbook", ()),
    "glossary": ("journey:glossary", ()),
    "privacy": ("privacy", ()),
    "about": ("about", ()),
    "save": ("journal:save", ()),
    "continue": ("journal:continue", ()),
    "messages": ("messaging:inbox", ()),
    "page": ("journey:page", ("slug",)),
    "stage": ("journey:stage", ("track", "stage")),
    "step": ("journey:step", ("track", "stage", "step")),
}
TOOL_SCHEME = "tool:"


def tool_url(name: str) -> str | None:
    """The current language's address of the tool ``name`` (``act-now``,
    ``page/why-stop``, ``glossary#lapse``), or None if there is no such tool."""
    name, _hash, fragment = name.strip().partition("#")
    tool, *parts = name.strip("/").split("/")
    if tool not in TOOLS:
        return None
    url_name, params = TOOLS[tool]
    if len(parts) != len(params) or not all(parts):
        return None
    try:
        url = reverse(url_name, kwargs=dict(zip(params, parts, strict=True)))
    except NoReverseMatch:  # a tool this site does not run (yet), or a bad slug
        return None
    return f"{url}#{fragment}" if fragment else url


def link_allowed(href: str, hosts) -> bool:
    """Whether ``href`` may stay a link (see the module's docstring)."""
    href = href.strip()
    try:
        parts = urlsplit(href)
        host = (parts.hostname or "").lower()
    except ValueError:  # e.g. a broken IPv6 address
        return False
    scheme = parts.scheme.lower()
    if scheme in ("mailto", "tel"):
        return True
    if scheme in ("http", "https"):
        return host in hosts and (scheme == "https" or host.endswith(".onion"))
    return not scheme and not parts.netloc and not href.startswith(("//", "\\"))


def _unlink_elsewhere(children, hosts):
    """The inline tokens with each link that may not stay a link turned into
    its text and, when the text is not the address itself, " (address)"."""
    out, open_links = [], []
    for token in children:
        if token.type == "link_open":
            href = str(token.attrGet("href") or "")
            if href.lower().startswith(TOOL_SCHEME):
                url = tool_url(href[len(TOOL_SCHEME) :])
                if url is None:
                    # Only the words: the address would mean nothing to a visitor.
                    open_links.append((None, len(out)))
                else:
                    token.attrSet("href", url)
                    open_links.append(None)
                    out.append(token)
                continue
            if link_allowed(str(href), hosts):
                open_links.append(None)
                out.append(token)
            else:
                open_links.append((_markdown.normalizeLinkText(str(href)), len(out)))
            continue
        if token.type == "link_close":
            removed = open_links.pop() if open_links else None
            if removed is None:
                out.append(token)
                continue
            address, start = removed
            if address is None:
                continue
            text = "".join(t.content for t in out[start:] if t.content)
            if text.strip() != address:
                out.append(Token("text", "", 0, content=f" ({address})"))
            continue
        out.append(token)
    return out


def render_markdown(text: str) -> str:
    """Render Markdown to HTML that is safe to put on a help-seeker's page."""
    hosts = tuple(sorted(h.strip().lower() for h in settings.LINK_HOSTS))
    # Keyed by language too: ``tool:`` links lead to the page's own language.
    return _render(text, hosts, get_language() or settings.LANGUAGE_CODE)


@lru_cache(maxsize=8192)
def _render(text: str, hosts: tuple, language: str) -> str:
    if not text:
        return ""
    tokens = _markdown.parse(text)
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _unlink_elsewhere(token.children, hosts)
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
