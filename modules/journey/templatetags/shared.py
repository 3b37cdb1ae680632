"""``{% shared "name" value ... %}...{% endshared %}``: a part of a page with
a journal that is the same for every visitor, rendered once per address and
language and kept with the content.

A returning visitor's pages are rendered on every request, since nothing of
a visitor is kept anywhere (DESIGN; ``first_visit.py``). Yet much of such a
page is the same for everyone: the urge diary's empty form, My plan's
explanations, a step's heading and text. Those parts are kept in the content
cache, keyed by the part's name, the address and the language with its
catalogues' stamps, and forgotten with the content when it changes.

What keeps a visitor's things out of the cache: the part is rendered from
the values named in the tag alone (no request, no context processor, nothing
else of the page), and only on a plain GET (``first_visit._cacheable``: no
query, no staff session, no messages), where the page's view gives those
values the same for everyone, e.g. a diary form nobody has sent yet. On any
other request (a form sent back with its errors, a staff preview) the part is
rendered in place with the page's context, like any other.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from modules.content import cache
from modules.journey.first_visit import _cacheable
from modules.translations.lookup import catalogue_signature

register = template.Library()


class SharedNode(template.Node):
    def __init__(self, name, names, nodelist):
        self.name = name
        self.names = names
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        if request is None or not _cacheable(request):
            return self.nodelist.render(context)
        lang = get_language()
        key = ("shared", self.name, request.path, lang, catalogue_signature(lang))
        html = cache.peek(key)
        if html is None:
            # Only the named values: a RequestContext's ``new`` drops the
            # page's other values and the context processors' (the request).
            own = context.new({name: context.get(name) for name in self.names})
            html = mark_safe(self.nodelist.render(own))  # noqa: S308 (a template's output)
            cache.store(key, html)
        return html


@register.tag
def shared(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "'\"" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(
            "{% shared %} takes a quoted name, then the values the part uses."
        )
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(bits[1][1:-1], bits[2:], nodelist)
