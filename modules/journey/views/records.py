"""The visitor's own records: My plan, the workbook, progress and the urge diary."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from modules.content import selectors
from modules.journey import answers
from modules.journey import diary as urge_diary
from modules.journey.charts import line_chart
from modules.journey.forms import DiaryForm
from modules.journey.views.preview import is_preview
from modules.journey.workbook import workbook_text
from modules.translations.lookup import translate


@require_safe
def plan(request):
    return render(
        request,
        "journey/plan.html",
        {"sections": answers.plan_sections(request.journal.data)},
    )


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
    by_track = answers.self_check_by_track(tracks, data)
    comparisons = [
        {"track": t, "rows": by_track[t.id]} for t in tracks if t.id in by_track
    ]
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
            "comparisons": comparisons,
            "charts": charts,
            "diary_count": len(data["diary"]),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def diary(request):
    journal = request.journal
    if request.method == "POST":
        form = DiaryForm(request.POST)
        if form.is_valid():
            urge_diary.add_diary_entry(journal, form.cleaned_data)
            return redirect(request.path + "?saved=1#saved")
        status = 400
    else:
        form = DiaryForm()
        status = 200
    entries = journal.data["diary"]
    saved = bool(request.GET.get("saved")) and bool(entries)
    prompts = urge_diary.diary_prompts(entries[-1]["strength"]) if saved else []
    points = [(e["d"][5:], e["strength"]) for e in entries]
    return render(
        request,
        "journey/diary.html",
        {
            "form": form,
            "entries": list(reversed(entries)),
            "chart": line_chart(points, _("How strong the urges were"))
            if len(points) > 1
            else "",
            "points": points,
            "prompts": prompts,
            "saved": saved,
            "ratings": range(11),
        },
        status=status,
    )
