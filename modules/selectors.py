"""Reads of program content for help-seeker pages."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from modules import content_cache
from modules.models import GlossaryTerm, Helpline, Page, Program, Stage, Step

HELPLINE_SECTIONS = (
    (
        Helpline.Kind.PREVENTION,
        _("Talk to someone in confidence"),
        _(
            "Services for people who are worried about their sexual thoughts about children or their use of CSAM."
        ),
    ),
    (
        Helpline.Kind.CRISIS,
        _("If you might harm yourself"),
        _(
            "Crisis lines are there for you now, day and night. You do not have to explain everything."
        ),
    ),
    (
        Helpline.Kind.REPORTING,
        _("Reporting child sexual abuse material"),
        _(
            "If you have come across child sexual abuse material, you can report it. Reporting helps to get it removed."
        ),
    ),
)


def _helpline_order(lang):
    def key(helpline):
        languages = helpline.language_list
        if lang in languages:
            rank = 0
        elif not helpline.country_list:
            rank = 1
        else:
            rank = 2
        return (rank, helpline.position, helpline.name)

    return key


def helpline_sections(lang, kinds=None):
    """Published helplines grouped by kind, those in ``lang`` first."""
    helplines = list(Helpline.objects.published())
    sections = []
    for kind, title, intro in HELPLINE_SECTIONS:
        if kinds is not None and kind not in kinds:
            continue
        items = sorted(
            (h for h in helplines if h.kind == kind), key=_helpline_order(lang)
        )
        if items:
            sections.append(
                {"kind": kind, "title": title, "intro": intro, "helplines": items}
            )
    return sections


def visible(queryset, preview):
    """Published rows, or every row for staff previewing drafts."""
    return queryset if preview else queryset.filter(is_published=True)


def programs(preview=False):
    return list(visible(Program.objects.all(), preview))


def program_with_stages(slug, preview=False):
    """A track with its stages and their steps (from the content cache, or
    three queries in all). Staff previews always read the database."""
    if preview:
        return _program_with_stages(slug, preview)
    return content_cache.cached(
        ("program", slug), lambda: _program_with_stages(slug, False)
    )


def _program_with_stages(slug, preview):
    steps = visible(Step.objects.all(), preview).only(
        "id",
        "uuid",
        "slug",
        "title",
        "kind",
        "position",
        "stage_id",
        "is_published",
        "self_check",
    )
    stages = visible(Stage.objects.all(), preview).prefetch_related(
        Prefetch("steps", queryset=steps)
    )
    return (
        visible(Program.objects.all(), preview)
        .prefetch_related(Prefetch("stages", queryset=stages))
        .filter(slug=slug)
        .first()
    )


def page(slug, preview=False):
    return visible(Page.objects.all(), preview).filter(slug=slug).first()


def glossary(preview=False):
    return list(visible(GlossaryTerm.objects.all(), preview))
