"""Template tags that show program content in the visitor's language.

``{% tr obj "field" %}`` for short text, ``{% tr_md obj "field" %}`` for
Markdown, ``{% tr_text obj "field" %}`` inside <title> and attributes. Text
shown in the source language for want of a translation is marked with its
own ``lang`` (see ``lookup.marked``).
"""

from dataclasses import replace

from django import template

from modules.content.markdown import safe_markdown
from modules.translations.lookup import marked, translate

register = template.Library()


@register.simple_tag
def tr(obj, field):
    """A short text field, translated."""
    return marked(translate(obj, field))


@register.simple_tag
def tr_md(obj, field, **replacements):
    """A Markdown field, translated and rendered to safe HTML."""
    text = translate(obj, field)
    source = text.text
    for name, value in replacements.items():
        source = source.replace("{" + name + "}", str(value))
    html = safe_markdown(source)
    if not html:
        return ""
    return marked(replace(text, text=html), element="div")


@register.simple_tag
def tr_text(obj, field):
    """A translated field as plain text (for <title> and attributes)."""
    return translate(obj, field).text
