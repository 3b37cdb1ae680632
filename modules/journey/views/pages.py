"""Pages around the tracks: clinicians' pages, the glossary, and "I might act
right now"."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from modules.content import selectors
from modules.journey.views.preview import is_preview
from modules.translations.lookup import translate


@require_safe
def page(request, slug):
    preview = is_preview(request)
    obj = selectors.page(slug, preview=preview)
    if obj is None:
        raise Http404
    return render(request, "journey/page.html", {"page": obj, "preview": preview})


@require_safe
def glossary(request):
    terms = selectors.glossary(preview=is_preview(request))
    terms.sort(key=lambda term: translate(term, "term").text.casefold())
    return render(request, "journey/glossary.html", {"terms": terms})


@require_safe
def act_now(request):
    """ "I might act right now": ten minutes' guidance, one question, then contacts."""
    preview = is_preview(request)
    eased = request.GET.get("eased")
    if eased not in ("yes", "no"):
        eased = None
    follow_up = None
    if eased:
        slug = "act-now-eased" if eased == "yes" else "act-now-still"
        follow_up = selectors.page(slug, preview=preview)
    sections = []
    if eased == "no":
        sections = selectors.helpline_sections(
            request.LANGUAGE_CODE, kinds={"prevention", "crisis"}
        )
    return render(
        request,
        "journey/act_now.html",
        {
            "page": selectors.page("act-now", preview=preview),
            "eased": eased,
            "follow_up": follow_up,
            "sections": sections,
        },
    )
