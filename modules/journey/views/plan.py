"""My plan, read and edited on one page: each section opens as a form in
place (``?edit=<n>``), and the helpline chosen for the plan is part of it."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods

from modules.content import selectors
from modules.journal.session import JournalFull
from modules.journey import outlines
from modules.journey import plan as my_plan
from modules.journey.views.preview import is_preview


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _add_section_html(sections, editing):
    """Sections being read are built in Python; the one being edited is a
    form in the template."""
    for section in sections:
        if section is not editing:
            section["html"] = my_plan.section_html(section)


def _plan_from_outline(request, sections):
    """A returning visitor's plain visit (nothing being edited: that takes a
    query): their sections and helpline, filled into the page's outline."""
    _add_section_html(sections, None)
    mine = render_to_string(
        "journey/plan_sections.html",
        {
            "sections": sections,
            "helpline": my_plan.chosen_helpline(request.journal.data),
        },
    )
    page = outlines.render_outline(
        request,
        "journey/plan.html",
        lambda: {"visitor_part": outlines.hole("plan")},
    )
    return HttpResponse(outlines.fill(page, request, {"plan": mine}))


def _sent(request, by_number):
    """A section or the helpline sent: (a redirect once saved or None, the
    section being edited, whether the journal had no room left)."""
    journal, editing, refused = request.journal, None, False
    if "helpline" in request.POST:
        try:
            if my_plan.choose_helpline(journal, request.POST["helpline"][:60]):
                return redirect(request.path + "#plan-helpline"), None, False
        except JournalFull:
            refused = True
        return None, None, refused
    editing = by_number.get(_number(request.POST.get("section")))
    if editing is None:
        return redirect(request.path), None, False
    texts, errors = my_plan.read_section_form(editing, request.POST)
    if not errors:
        try:
            my_plan.save_section(journal, editing, texts)
        except JournalFull:
            refused = True
        else:
            return redirect(f"{request.path}#plan-{editing['number']}"), None, False
    for field in editing["fields"]:
        field["value"] = texts[field["name"]]
        field["error"] = errors.get(field["name"], "")
    return None, editing, refused


@require_http_methods(["GET", "HEAD", "POST"])
def plan(request):
    journal = request.journal
    tracks = selectors.tracks(preview=is_preview(request))
    track = my_plan.current_track(journal.data, tracks)
    sections = my_plan.plan_sections(journal.data, track)
    if request.method != "POST" and outlines.usable(request):
        return _plan_from_outline(request, sections)
    by_number = {s["number"]: s for s in sections}
    editing, status, refused = None, 200, False
    if request.method == "POST":
        response, editing, refused = _sent(request, by_number)
        if response is not None:
            return response
        status = 400
    else:
        editing = by_number.get(_number(request.GET.get("edit")))
    _add_section_html(sections, editing)
    helpline = my_plan.chosen_helpline(journal.data)
    choosing = request.GET.get("edit") == "helpline" or (
        request.method == "POST" and "helpline" in request.POST
    )
    return render(
        request,
        "journey/plan.html",
        {
            "sections": sections,
            "editing": editing,
            "refused": refused,
            "answer_max_length": settings.ANSWER_MAX_LENGTH,
            "helpline": helpline,
            "choosing": choosing,
            "helpline_sections": selectors.helpline_sections(
                request.LANGUAGE_CODE, kinds={"prevention", "crisis"}
            )
            if choosing
            else [],
        },
        status=status,
    )
