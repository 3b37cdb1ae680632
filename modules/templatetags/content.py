"""Template tags that show program content in the visitor's language."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from modules.content_i18n import translate
from modules.rendering import render_markdown

register = template.Library()


@register.simple_tag
def tr(obj, field):
    """A short text field, translated; English marked with its own lang."""
    text = translate(obj, field)
    if text.is_fallback:
        return format_html('<span lang="{}">{}</span>', text.lang, text.text)
    return text.text


@register.simple_tag
def tr_md(obj, field, **replacements):
    """A Markdown field, translated and rendered to safe HTML."""
    text = translate(obj, field)
    source = text.text
    for name, value in replacements.items():
        source = source.replace("{" + name + "}", str(value))
    html = render_markdown(source)
    if not html:
        return ""
    if text.is_fallback:
        return format_html('<div lang="{}">{}</div>', text.lang, mark_safe(html))
    return mark_safe(html)


@register.filter
def markdown(value):
    return mark_safe(render_markdown(value or ""))


@register.simple_tag
def tr_text(obj, field):
    """A translated field as plain text (for <title> and attributes)."""
    return translate(obj, field).text
