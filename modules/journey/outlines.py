"""A returning visitor's page, filled into a kept outline of it: a step,
and My plan.

Pages of a visitor with a journal are rendered for every request (nothing
of a visitor is kept: ``first_visit.py``), and rendering them through the
template engine made them the slowest pages of the site (a step with
answers served a sixth of the stylesheet's rate on the benchmark, against a
quarter as the target). Yet such a page differs from one visitor to the next
only in a few places. On a step: what they wrote in each field, which
options they ticked, how far through the track they are, and whether the
"you have answered this step before" note shows. On My plan: the sections
and the helpline they chose.

So each process renders the page once per address and language with a
marker in each of those places (``hole``: characters no answer can contain,
since forms refuse NUL), keeps that outline in the content cache like a
first visit, and for each request replaces the markers with this visitor's
values, escaped, in one pass. The outline holds nothing of any visitor; it
is forgotten with the content and the catalogues like every cached page.

Only a plain GET uses it (``first_visit._cacheable``: no query, no staff
session, no messages) from a visitor whose journal opened and who has no
counsellor's reply waiting; any other request renders the page in full, as
before. ``tests/journey/test_outlines.py`` compares both, for every step and
for My plan.
"""

import re

from django.middleware.csrf import get_token
from django.template import engines
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import get_language

from modules.content import cache
from modules.content.models import Question
from modules.journey.first_visit import TOKEN_PLACEHOLDER, _cacheable, _without_token
from modules.journey.forms import OTHER, RATINGS, picked_keys
from modules.translations.lookup import catalogue_signature


def hole(name):
    return f"\x00{name}\x00"


HOLE = re.compile(r"\x00([^\x00]+)\x00")
PROGRESS = hole("progress")
# The note for a step answered before, kept between two markers and shown
# or dropped as a whole.
DONE_OPEN, DONE_CLOSE = hole("done["), hole("]done")
DONE_NOTE = re.compile(re.escape(DONE_OPEN) + "(.*?)" + re.escape(DONE_CLOSE), re.S)


def value_hole(name):
    return hole(f"v:{name}")


def checked_hole(name, value):
    return hole(f"c:{name}:{value}")


class OutlineHoles:
    """What the step template reads of the visitor's progress, as markers."""

    def __init__(self, total):
        self.total = total
        self.completed = PROGRESS


def usable(request):
    """Whether this request may be answered from the outline."""
    journal = request.journal
    if not (_cacheable(request) and journal.exists) or journal.was_unreadable:
        return False
    return not _shows_a_mark_of_their_own(request)


def _shows_a_mark_of_their_own(request):
    """Whether base.html would show this visitor a mark of their own (a
    counsellor's reply waiting, from the messaging app's context
    processor): such a page is rendered in full. Asked of the context
    processors, as the template asks, so that journey depends on no app
    beyond its own for it."""
    for processor in engines["django"].engine.template_context_processors:
        mark = processor(request).get("messaging_reply_waiting")
        if mark is not None:
            return bool(mark() if callable(mark) else mark)
    return False


def _answers(step, initial):
    """{marker name: this visitor's HTML} for every field of ``step``, by the
    rules ``questions.question_views`` draws a form not sent yet with."""
    filled = {}
    for question in step.questions.all():
        name = f"q_{question.key}"
        value = initial.get(name)
        if question.input == Question.Input.TEXT:
            filled[f"v:{name}"] = escape(value or "")
            continue
        other = ""
        if question.input == Question.Input.RATING:
            keys = [key for key, _label in RATINGS]
        else:
            keys = [c.key for c in question.choices.all()]
            if question.allow_other:
                other = initial.get(f"{name}_other") or ""
                filled[f"v:{name}_other"] = escape(other)
                keys.append(OTHER)
        picked = picked_keys(question, value, other)
        for key in keys:
            filled[f"c:{name}:{key}"] = " checked" if key in picked else ""
    return filled


def render_outline(request, template, make_context):
    """The page with markers, from the cache, or rendered from ``template``
    with ``make_context()`` (which holds the markers in place of the
    visitor's values) and kept."""
    lang = get_language()
    key = (
        "outline",
        request.get_host(),
        request.path,
        lang,
        catalogue_signature(lang),
    )
    page = cache.peek(key)
    if page is None:
        page = _without_token(render_to_string(template, make_context(), request))
        cache.store(key, page)
    return page


def fill(page, request, values):
    """The outline ``page`` with this visitor's ``values`` ({marker name:
    HTML}) and a fresh CSRF token."""
    page = HOLE.sub(lambda m: values.get(m.group(1), m.group(0)), page)
    if TOKEN_PLACEHOLDER in page:
        page = page.replace(TOKEN_PLACEHOLDER, get_token(request))
    return page


def fill_step(page, request, step, initial, completed, is_done):
    """A step's outline ``page`` with this visitor's answers and progress."""
    values = _answers(step, initial)
    values["progress"] = str(completed)
    page = DONE_NOTE.sub(lambda m: m.group(1) if is_done else "", page)
    return fill(page, request, values)
