"""``{% chrome "includes/header.html" %}``: the header and footer every page
shares, rendered once per page address and language instead of on every
request.

They hold about thirty links (each a URL reversal), the translated labels and
the language menu, and depend on nothing but the language, the address and
its query (the language menu links to this very page, state included, in each
language) and the catalogue. Nothing of one visitor may go in them (the reply
marker is outside, in base.html). Pages
with a journal are rendered on every request, and this was a third of their
work. Visitors choose addresses (a made-up slug still renders a page), so the
store is a bounded LRU of its own: a flood of addresses cannot push anything
else out of the content cache, and costs at most a render each.
"""

import threading
from collections import OrderedDict

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from modules.translations.lookup import catalogue_signature

register = template.Library()

MAX_ENTRIES = 512

_lock = threading.Lock()
_rendered: OrderedDict = OrderedDict()


@register.simple_tag(takes_context=True)
def chrome(context, name):
    request = context.get("request")
    if request is None:
        return get_template(name).render(context.flatten())
    lang = get_language()
    # Not the host: the links are relative, and an error page for a request
    # with a bad Host header must still render.
    key = (name, request.get_full_path(), lang, catalogue_signature(lang))
    with _lock:
        html = _rendered.get(key)
        if html is not None:
            _rendered.move_to_end(key)
            return html
    html = mark_safe(get_template(name).render(context.flatten(), request))  # noqa: S308 (a template's output)
    with _lock:
        _rendered[key] = html
        while len(_rendered) > MAX_ENTRIES:
            _rendered.popitem(last=False)
    return html


@receiver(setting_changed)
def _forget(**kwargs):
    with _lock:
        _rendered.clear()
