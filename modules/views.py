"""Help-seeker pages of the program."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from modules import selectors
from modules.content_i18n import translate


def is_preview(request):
    """Staff see drafts too (marked as such); visitors never do."""
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


@require_safe
def program_list(request):
    preview = is_preview(request)
    return render(request, "modules/program_list.html", {"programs": selectors.programs(preview), "preview": preview})


@require_safe
def page(request, slug):
    preview = is_preview(request)
    obj = selectors.page(slug, preview)
    if obj is None:
        raise Http404
    return render(request, "modules/page.html", {"page": obj, "preview": preview})


@require_safe
def glossary(request):
    terms = selectors.glossary(is_preview(request))
    terms.sort(key=lambda term: translate(term, "term").text.casefold())
    return render(request, "modules/glossary.html", {"terms": terms})


@require_safe
def act_now(request):
    """"I might act right now": ten minutes' guidance, one question, then contacts."""
    preview = is_preview(request)
    eased = request.GET.get("eased")
    follow_up = None
    if eased in ("yes", "no"):
        follow_up = selectors.page("act-now-eased" if eased == "yes" else "act-now-still", preview)
    return render(
        request,
        "modules/act_now.html",
        {
            "page": selectors.page("act-now", preview),
            "eased": eased if eased in ("yes", "no") else None,
            "follow_up": follow_up,
            "sections": selectors.helpline_sections(
                request.LANGUAGE_CODE, kinds={"prevention", "crisis"}
            )
            if eased == "no"
            else [],
        },
    )
