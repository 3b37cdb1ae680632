"""My plan: the answers that carry a plan heading, gathered by heading, as
short bullet lists the visitor can edit on the plan page itself.

A section's text lives where it was first written (the step's answers in the
journal), so the exercise and the plan never disagree. A section nobody has
written in yet is filled through the question of the track's plan step that
has that heading. The helpline the visitor picks for the plan is kept in the
journal as ``plan["helpline"]`` (a slug).
"""

import re

from django.conf import settings
from django.db.models import Prefetch
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from modules.content import cache as content_cache
from modules.content import selectors
from modules.content.models import Helpline, Question, Step
from modules.journey.forms import OTHER
from modules.translations.lookup import catalogue_signature, translate

# "- ", "* ", "• " or "1. " at the start of a line a visitor wrote as a list.
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s+")


def answer_items(question, value, other=""):
    """An answer as a list of short items in the visitor's language: one per
    line of free text, one per picked choice, or the rating."""
    if value is None or value == "" or value == []:
        return []
    if question.input == Question.Input.RATING:
        return [_("%(rating)s of 10") % {"rating": value}]
    if question.has_choices:
        by_key = {c.key: c for c in question.choices.all()}
        items = []
        for key in value if isinstance(value, list) else [value]:
            if key == OTHER:
                items.append(other or _("Something else"))
            elif key in by_key:
                items.append(translate(by_key[key], "text").text)
        return items
    lines = (_BULLET.sub("", line).strip() for line in str(value).splitlines())
    return [line for line in lines if line]


def _all_plan_questions():
    """Every published question with a plan heading, in the plan's order, as
    ``(its step's uuid as text, its track's id, whether its step is a plan
    step, the question)``: the same for every visitor, so kept with the
    content (and forgotten with it when content changes) instead of queried
    and worked out for every My plan page. Read only: the rows are shared
    between requests."""
    return content_cache.cached(
        ("plan-questions",),
        lambda: [
            (
                str(q.step.uuid),
                q.step.stage.track_id,
                q.step.kind == Step.Kind.PLAN,
                q,
            )
            for q in Question.objects.exclude(plan_heading="")
            .filter(step__is_published=True)
            .select_related("step__stage__track")
            .prefetch_related("choices")
            .order_by(
                "step__stage__track__position",
                "step__stage__position",
                "step__position",
                "position",
            )
        ],
    )


def _plan_questions(step_uuids, track):
    """Questions with a plan heading: those answered, and those of the plan
    steps of ``track`` (where a visitor can start an empty section)."""
    step_uuids = set(step_uuids)
    track_id = track.id if track is not None else None
    return [
        question
        for step_uuid, question_track_id, in_plan_step, question in (
            _all_plan_questions()
        )
        if step_uuid in step_uuids or (in_plan_step and question_track_id == track_id)
    ]


def plan_sections(journal_data, track=None):
    """My plan by heading: each section's ``items`` (no item twice) and its
    ``fields``, the free-text questions that can be edited on the page."""
    answered = journal_data["answers"]
    sections = {}
    for question in _plan_questions(list(answered), track):
        saved = answered.get(str(question.step.uuid), {})
        value = saved.get("q", {}).get(question.key)
        heading = translate(question, "plan_heading").text
        section = sections.setdefault(
            heading, {"heading": heading, "items": [], "fields": [], "steps": []}
        )
        seen = {item.casefold() for item in section["items"]}
        for item in answer_items(
            question, value, saved.get("other", {}).get(question.key, "")
        ):
            if item.casefold() not in seen:
                seen.add(item.casefold())
                section["items"].append(item)
        if question.input == Question.Input.TEXT:
            section["fields"].append(
                {
                    "name": f"a_{question.step.uuid}_{question.key}",
                    "question": question,
                    "value": value or "",
                }
            )
        elif value not in (None, "", []) and question.step not in section["steps"]:
            section["steps"].append(question.step)
    result = list(sections.values())
    for number, section in enumerate(result, start=1):
        section["number"] = number
    return [s for s in result if s["items"] or s["fields"]]


def current_track(journal_data, tracks):
    """The track of the visitor's last step, else the first track."""
    last = journal_data.get("last")
    if last:
        track_id = selectors.step_track_ids().get(str(last))
        for track in tracks:
            if track.id == track_id:
                return track
    return tracks[0] if tracks else None


def read_section_form(section, post):
    """``({field name: text}, {field name: error})`` from a posted section."""
    texts, errors = {}, {}
    limit = settings.ANSWER_MAX_LENGTH
    for field in section["fields"]:
        text = post.get(field["name"], "").replace("\r\n", "\n").strip()
        texts[field["name"]] = text
        if len(text) > limit:
            errors[field["name"]] = _(
                "This is longer than %(limit)s characters. Please shorten it a "
                "little; nothing has been saved yet."
            ) % {"limit": limit}
    return texts, errors


def save_section(journal, section, texts):
    """Write a section's edited texts back into the steps they belong to."""
    with journal.changing() as data:
        for field in section["fields"]:
            question = field["question"]
            saved = data["answers"].setdefault(
                str(question.step.uuid), {"q": {}, "other": {}}
            )
            text = texts.get(field["name"], "")
            if text:
                saved.setdefault("q", {})[question.key] = text
            else:
                saved.setdefault("q", {}).pop(question.key, None)


def chosen_helpline(journal_data):
    slug = (journal_data.get("plan") or {}).get("helpline")
    if not slug:
        return None
    return (
        Helpline.objects.published()
        .prefetch_related(Prefetch("contacts"))
        .filter(slug=slug)
        .first()
    )


def choose_helpline(journal, slug):
    """Keep (or, with an empty slug, forget) the helpline for the plan."""
    if slug and not Helpline.objects.published().filter(slug=slug).exists():
        return False
    with journal.changing() as data:
        plan = data.setdefault("plan", {})
        if slug:
            plan["helpline"] = slug
        else:
            plan.pop("helpline", None)
    return True


def _section_frame(number, heading, empty):
    """A section's HTML before and after its items: the same for every
    visitor, so made once per language and kept with the content (the key
    holds the catalogues' stamps, so a translator's edit shows at once)."""
    lang = get_language()
    key = ("plan-section", lang, catalogue_signature(lang), number, heading, empty)
    frame = content_cache.peek(key)
    if frame is None:
        head = format_html(
            '<section class="card plan-section{}" id="plan-{}" '
            'aria-labelledby="plan-{}-h">\n  <h2 id="plan-{}-h">{}</h2>\n  ',
            " no-print" if empty else "",
            number,
            number,
            number,
            heading,
        )
        tail = format_html(
            '\n  <p class="no-print"><a class="edit-link" href="?edit={}#plan-{}">'
            "{}</a></p>\n</section>\n",
            number,
            number,
            _("Change “%(heading)s”") % {"heading": heading},
        )
        empty_body = format_html(
            '<p class="field__hint">{}</p>', _("Nothing here yet.")
        )
        frame = (str(head), str(tail), str(empty_body))
        content_cache.store(key, frame)
    return frame


def section_html(section):
    """A plan section as the visitor reads it (not being edited), built in
    Python from a kept frame: My plan is rendered for every request, and its
    sections through the template engine were a third of its cost."""
    items = section["items"]
    head, tail, empty_body = _section_frame(
        section["number"], section["heading"], not items
    )
    if items:
        body = (
            '<ul class="plan-items">'
            + "".join(f'<li dir="auto">{escape(item)}</li>' for item in items)
            + "</ul>"
        )
    else:
        body = empty_body
    # Each part is escaped: the frame by format_html, the items here.
    return mark_safe(head + body + tail)  # noqa: S308
