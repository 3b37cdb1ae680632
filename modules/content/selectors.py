"""Reads of published program content for help-seeker pages, each a fixed
number of queries (or none, when the content cache has it)."""

from babel.languages import get_official_languages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from modules.content import cache
from modules.content.models import (
    Draft,
    GlossaryTerm,
    Helpline,
    MotivationPrompt,
    Page,
    Question,
    Stage,
    Step,
    Track,
)

HELPLINE_SECTIONS = (
    (
        Helpline.Kind.PREVENTION,
        _("Talk to someone about this"),
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


def _speaks(helpline, lang):
    """Whether the service answers in ``lang``: as it says, or, where it does
    not say, in an official language of the country it serves (so a Spanish
    service with no languages listed still comes first for Spanish readers)."""
    if helpline.language_list:
        return lang in helpline.language_list
    return any(
        lang in get_official_languages(country) for country in helpline.country_list
    )


def _helpline_rank(helpline, lang, country):
    """A helpline's place on the page, lowest first, and whether it is near
    the visitor (shown at once) or elsewhere (behind "other countries")."""
    speaks = _speaks(helpline, lang)
    international = not helpline.country_list
    if country:
        serves = country in helpline.country_list
        ranks = (serves and speaks, serves, international and speaks, international)
    else:
        ranks = (speaks and not international, speaks, international)
    rank = next((i for i, fits in enumerate(ranks) if fits), len(ranks))
    return rank, rank < len(ranks)


def helpline_countries():
    """The codes of every country a published helpline serves."""
    published = Helpline.objects.published().values_list("countries", flat=True)
    return sorted(
        {c.strip().upper() for cs in published for c in cs.split(",") if c.strip()}
    )


def helpline_sections(lang, kinds=None, country=None):
    """Published helplines grouped by kind: each section's ``helplines`` are
    those for the visitor's country (if chosen) and language, best first; its
    ``elsewhere`` are the others."""
    helplines = list(Helpline.objects.published().prefetch_related("contacts"))
    sections = []
    for kind, title, intro in HELPLINE_SECTIONS:
        if kinds is not None and kind not in kinds:
            continue
        ranked = sorted(
            (
                (_helpline_rank(h, lang, country), h.position, h.name, h)
                for h in helplines
                if h.kind == kind
            ),
            key=lambda item: item[:3],
        )
        near = [h for (_rank, is_near), *_rest, h in ranked if is_near]
        elsewhere = [h for (_rank, is_near), *_rest, h in ranked if not is_near]
        if near or elsewhere:
            sections.append(
                {
                    "kind": kind,
                    "title": title,
                    "intro": intro,
                    "helplines": near,
                    "elsewhere": elsewhere,
                    # No national service we could verify answers in this
                    # language: the page says so rather than guess a number.
                    "in_language": any(
                        h.country_list and _speaks(h, lang)
                        for h in helplines
                        if h.kind == kind
                    ),
                }
            )
    return sections


def tracks(*, preview=False):
    """The tracks a visitor sees, in order: from the content cache (a copy of
    the list; the rows are shared and only read), so that pages with a
    journal, which are rendered on every request, do not query them. Staff
    previews always read the database."""
    if preview:
        return list(Track.objects.visible(preview=True))
    return list(
        cache.cached(("tracks",), lambda: list(Track.objects.visible(preview=False)))
    )


def step_track_ids():
    """``{step uuid (text): its track's id}`` for every step, published or
    not: where a visitor's last step belongs, without a query per page."""
    return cache.cached(
        ("step-tracks",),
        lambda: {
            str(uuid): track_id
            for uuid, track_id in Step.objects.values_list("uuid", "stage__track_id")
        },
    )


def track_with_stages(slug, *, preview=False):
    """A track with its stages and their steps (from the content cache, or
    three queries in all). Staff previews always read the database."""
    if preview:
        return _track_with_stages(slug, preview=True)
    return cache.cached(
        ("track", slug), lambda: _track_with_stages(slug, preview=False)
    )


def _track_with_stages(slug, *, preview):
    steps = Step.objects.visible(preview=preview).only(
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
    stages = Stage.objects.visible(preview=preview).prefetch_related(
        Prefetch("steps", queryset=steps)
    )
    track = (
        Track.objects.visible(preview=preview)
        .prefetch_related(Prefetch("stages", queryset=stages))
        .filter(slug=slug)
        .first()
    )
    if track is not None:
        for stage in track.stages.all():
            stage.track = track  # no query when a page asks a stage for its track
    return track


def step_with_questions(track, stage_slug, step_slug, *, preview=False):
    """The step, its questions, their choices and prompts: a fixed number of
    queries, or none when the content cache has it."""
    if preview:
        return _step_with_questions(track, stage_slug, step_slug, preview=True)
    return cache.cached(
        ("step", track.slug, stage_slug, step_slug),
        lambda: _step_with_questions(track, stage_slug, step_slug, preview=False),
    )


def _step_with_questions(track, stage_slug, step_slug, *, preview):
    steps = Step.objects.filter(
        stage__track=track, stage__slug=stage_slug, slug=step_slug
    )
    if not preview:
        steps = steps.filter(is_published=True, stage__is_published=True)
    prompts = MotivationPrompt.objects.select_related("choice")
    questions = Question.objects.prefetch_related(
        "choices", Prefetch("prompts", queryset=prompts)
    )
    return (
        steps.select_related("stage")
        .prefetch_related(Prefetch("questions", queryset=questions))
        .first()
    )


def page(slug, *, preview=False):
    return Page.objects.visible(preview=preview).filter(slug=slug).first()


def glossary(*, preview=False):
    return list(GlossaryTerm.objects.visible(preview=preview))


def waiting_drafts(model):
    """The pks (as text) of ``model``'s items with a draft waiting for review,
    for staff previews to mark them."""
    content_type = ContentType.objects.get_for_model(model)
    return set(
        Draft.objects.filter(content_type=content_type).values_list(
            "object_id", flat=True
        )
    )
