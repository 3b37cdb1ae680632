"""The visitor's own records: My plan, the workbook, progress and the urge diary."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from modules.content import selectors
from modules.journal.session import JournalFull
from modules.journey import answers
from modules.journey import diary as urge_diary
from modules.journey.charts import line_chart
from modules.journey.forms import DiaryForm
from modules.journey.progress import track_progress
from modules.journey.views.preview import is_preview
from modules.journey.workbook import workbook_text
from modules.translations.lookup import translate


@require_safe
def workbook(request):
    text = workbook_text(request.journal.data)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="workbook.txt"'
    return response


@require_safe
def progress(request):
    data = request.journal.data
    tracks = selectors.tracks(preview=is_preview(request))
    started = track_progress(tracks, data, preview=is_preview(request))
    charts = []
    for series in answers.rating_history(data):
        label = translate(series["question"], "text").text
        charts.append(
            {
                "label": label,
                "svg": line_chart(series["points"], label),
                "points": series["points"],
            }
        )
    return render(
        request,
        "journey/progress.html",
        {
            "started": started,
            "charts": charts,
            "diary_count": len(data["diary"]),
        },
    )


# Diary entries shown on one page, newest first; the chart and its table
# show them all.
DIARY_PAGE_SIZE = 20


@require_http_methods(["GET", "HEAD", "POST"])
def diary(request):
    journal = request.journal
    if request.method == "POST" and "delete" in request.POST:
        if urge_diary.delete_diary_entry(journal, request.POST["delete"][:40]):
            return redirect(request.path + "?deleted=1#entries")
        return redirect(request.path + "#entries")
    # The empty form is needed only to render the shared part of the page
    # that shows it ({% shared %}), once per address and language: building
    # a form with a choice field costs more than the rest of the view.
    form, status, refused = SimpleLazyObject(DiaryForm), 200, False
    if request.method == "POST":
        form, status = DiaryForm(request.POST), 400
        if form.is_valid():
            try:
                entry = urge_diary.add_diary_entry(
                    journal,
                    form.cleaned_data,
                    token=request.POST.get("form_token", "")[:40],
                )
            except JournalFull:
                refused = True  # the form keeps what was written
            else:
                again = "&again=1" if entry is None else ""
                return redirect(f"{request.path}?saved=1{again}#saved")
    return render(
        request,
        "journey/diary.html",
        _diary_context(request, form, refused=refused),
        status=status,
    )


def _diary_context(request, form, *, refused):
    entries = request.journal.data["diary"]
    saved = bool(request.GET.get("saved")) and bool(entries)
    latest = entries[-1]["strength"] if saved else None
    page = Paginator(list(reversed(entries)), DIARY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    points = [(e["d"], e["strength"]) for e in entries]
    return {
        "form": form,
        "entries": page.object_list,
        "page": page,
        "full": refused or urge_diary.is_full(entries),
        "refused": refused,
        "chart": line_chart(points, _("How strong the urges were"))
        if len(points) > 1
        else "",
        "points": points,
        "prompts": urge_diary.diary_prompts(latest) if saved else [],
        "latest_strength": latest,
        "saved": saved,
        "again": saved and bool(request.GET.get("again")),
        "deleted": bool(request.GET.get("deleted")),
        "ratings": range(11),
        "diary_limit": DiaryForm.base_fields["situation"].max_length,
        # A new one each time the form is shown; sent twice, it is saved once.
        "form_token": request.POST.get("form_token", "")[:40]
        if request.method == "POST"
        else urge_diary.new_form_token(),
    }
