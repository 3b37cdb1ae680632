"""Help-seeker pages of the program."""

import re

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from modules import codes, content_cache, journey, selectors
from modules.charts import line_chart
from modules.content_i18n import catalogue_signature, translate
from modules.journal import COOKIE_NAME as JOURNAL_COOKIE
from modules.journal import JournalUnreadable
from modules.models import Journal, UsageCount
from modules.workbook import workbook_text


def is_preview(request):
    """Staff see drafts too (marked as such); visitors never do."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.is_staff):
        return False
    # Signed in with the second factor too, as the admin itself requires.
    return bool(getattr(user, "is_verified", lambda: False)())


@require_safe
def program_list(request):
    preview = is_preview(request)
    return render(
        request,
        "modules/program_list.html",
        {"programs": selectors.programs(preview), "preview": preview},
    )


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
    """ "I might act right now": ten minutes' guidance, one question, then contacts."""
    preview = is_preview(request)
    eased = request.GET.get("eased")
    follow_up = None
    if eased in ("yes", "no"):
        follow_up = selectors.page(
            "act-now-eased" if eased == "yes" else "act-now-still", preview
        )
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


# --- The journey ---------------------------------------------------------------


def _program_or_404(slug, preview):
    program = selectors.program_with_stages(slug, preview)
    if program is None:
        raise Http404
    return program


def _stage_or_404(program, slug):
    for stage in program.stages.all():
        if stage.slug == slug:
            stage.program = program
            return stage
    raise Http404


@require_safe
def program_detail(request, program):
    preview = is_preview(request)
    program = _program_or_404(program, preview)
    data = request.journal.data
    track = journey.outline(program, data)
    stages = [
        {"stage": s, "status": track.stage_status(s), "steps": list(s.steps.all())}
        for s in track.stages
    ]
    next_step = track.next_step()
    return render(
        request,
        "modules/program_detail.html",
        {
            "program": program,
            "stages": stages,
            "track": track,
            "next_url": journey.step_url(
                program,
                next(s for s in track.stages if s.id == next_step.stage_id),
                next_step,
            )
            if next_step
            else None,
            "started": bool(track.completed),
            "self_check": journey.self_check_rows(program, data),
            "preview": preview,
        },
    )


@require_safe
def stage_detail(request, program, stage):
    preview = is_preview(request)
    program = _program_or_404(program, preview)
    stage = _stage_or_404(program, stage)
    track = journey.outline(program, request.journal.data)
    steps = list(stage.steps.all())
    return render(
        request,
        "modules/stage_detail.html",
        {
            "program": program,
            "stage": stage,
            "steps": [
                {
                    "step": s,
                    "done": str(s.uuid) in track.done,
                    "url": journey.step_url(program, stage, s),
                }
                for s in steps
            ],
            "first_url": journey.step_url(program, stage, steps[0]) if steps else None,
            "number": track.stages.index(stage) + 1,
            "track": track,
        },
    )


TOKEN_PLACEHOLDER = "\x00csrf-token\x00"
TOKEN_IN_FORM = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')


def _first_visit_key(request):
    """A cache key for a step page as everyone sees it on a first visit (no
    journal, no message, no staff session, no query), or None."""
    if request.method not in ("GET", "HEAD") or request.GET:
        return None
    if any(
        name in request.COOKIES
        for name in (JOURNAL_COOKIE, "messages", settings.SESSION_COOKIE_NAME)
    ):
        return None
    lang = request.LANGUAGE_CODE
    return ("first-visit", request.path, lang, catalogue_signature(lang))


@require_http_methods(["GET", "HEAD", "POST"])
def step(request, program, stage, step):
    # A first visit to a step looks the same for everyone but for the form's
    # CSRF token: serve it from the content cache with a fresh token.
    key = _first_visit_key(request)
    if key is not None:
        page = content_cache.peek(key)
        if page is not None:
            return HttpResponse(page.replace(TOKEN_PLACEHOLDER, get_token(request)))
        response = _step(request, program, stage, step)
        if response.status_code == 200:
            html = response.content.decode()
            content_cache.store(
                key,
                TOKEN_IN_FORM.sub(
                    lambda m: m.group(1) + TOKEN_PLACEHOLDER + m.group(3), html
                ),
            )
        return response
    return _step(request, program, stage, step)


def _step(request, program, stage, step):
    preview = is_preview(request)
    program = _program_or_404(program, preview)
    stage_obj = _stage_or_404(program, stage)
    step_obj = journey.step_with_questions(program, stage, step, preview)
    if step_obj is None:
        raise Http404
    step_obj.stage = stage_obj
    journal = request.journal
    track = journey.outline(program, journal.data)
    previous_url, next_url = track.neighbours(step_obj)

    if request.method == "POST":
        form = journey.AnswerForm(step_obj, request.POST)
        if form.is_valid():
            answers = form.answers() if step_obj.questions.all() else None
            # All or nothing: a failure part-way leaves the previous journal as it was.
            with transaction.atomic():
                journey.save_step(journal, step_obj, answers, track)
            feedback, prompts = journey.reactions(step_obj, answers)
            if feedback or prompts:
                return redirect(request.path + "?saved=1")
            return redirect(next_url)
        status = 400
    else:
        form = journey.AnswerForm(
            step_obj, initial=journey.initial_for(step_obj, journal.data)
        )
        status = 200

    saved = journal.data["answers"].get(str(step_obj.uuid))
    feedback, prompts = ([], [])
    if request.GET.get("saved") and saved:
        feedback, prompts = journey.reactions(step_obj, saved)
    return render(
        request,
        "modules/step.html",
        {
            "program": program,
            "stage": stage_obj,
            "step": step_obj,
            "form": form,
            "questions": journey.question_views(form),
            "feedback": feedback,
            "prompts": prompts,
            "show_reactions": bool(feedback or prompts),
            "previous_url": previous_url,
            "next_url": next_url,
            "track": track,
            "is_done": str(step_obj.uuid) in track.done,
            "stage_number": track.stages.index(stage_obj) + 1,
            "step_number": list(stage_obj.steps.all()).index(
                next(s for s in stage_obj.steps.all() if s.id == step_obj.id)
            )
            + 1,
            "step_count": len(stage_obj.steps.all()),
            "journal_unreadable": journal.was_unreadable,
            "template_name": f"modules/steps/{step_obj.kind}.html",
        },
        status=status,
    )


@require_safe
def stage_summary(request, program, stage):
    preview = is_preview(request)
    program = _program_or_404(program, preview)
    stage = _stage_or_404(program, stage)
    data = request.journal.data
    track = journey.outline(program, data)
    steps = []
    for step_obj in journey.stage_questions(stage):
        if step_obj.kind == "reading":
            continue
        rows = [row for row in journey.step_answers(step_obj, data) if row["answer"]]
        steps.append({"step": step_obj, "rows": rows})
    following = track.stage_after(stage)
    return render(
        request,
        "modules/stage_summary.html",
        {
            "program": program,
            "stage": stage,
            "steps": steps,
            "answered": any(s["rows"] for s in steps),
            "next_stage": following,
            "next_stage_url": journey.stage_url(program, following)
            if following
            else None,
            "number": track.stages.index(stage) + 1,
            "self_check": journey.self_check_rows(program, data)
            if following is None
            else [],
        },
    )


@require_safe
def plan(request):
    return render(
        request,
        "modules/plan.html",
        {"sections": journey.plan_sections(request.journal.data)},
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
    programs = selectors.programs(is_preview(request))
    by_program = journey.self_check_by_program(programs, data)
    comparisons = [
        {"program": p, "rows": by_program[p.id]} for p in programs if p.id in by_program
    ]
    charts = []
    for series in journey.rating_history(data):
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
        "modules/progress.html",
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
        form = journey.DiaryForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                journey.add_diary_entry(journal, form.cleaned_data)
            return redirect(request.path + "?saved=1#saved")
        status = 400
    else:
        form = journey.DiaryForm()
        status = 200
    entries = journal.data["diary"]
    prompts = []
    if request.GET.get("saved") and entries:
        prompts = journey.diary_prompts(entries[-1]["strength"])
    points = [(e["d"][5:], e["strength"]) for e in entries]
    return render(
        request,
        "modules/diary.html",
        {
            "form": form,
            "entries": list(reversed(entries)),
            "chart": line_chart(points, _("How strong the urges were"))
            if len(points) > 1
            else "",
            "points": points,
            "prompts": prompts,
            "saved": bool(request.GET.get("saved")) and bool(entries),
            "ratings": range(11),
        },
        status=status,
    )


# --- Coming back: save, continue, delete -------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def save_progress(request):
    """Give the visitor a code that brings their journal back on any device."""
    journal = request.journal
    context = {
        "is_saved": journal.is_saved,
        "days": settings.JOURNAL_SAVED_DAYS,
        "code": None,
        "busy": False,
        "renewed": False,
    }
    if request.method == "POST":
        try:
            code = codes.generate()
            lookup, key = codes.derive(codes.normalize(code))
        except codes.CodeError:
            context["busy"] = True
            return render(request, "modules/save.html", context, status=503)
        first_save = not journal.is_saved
        journal.rekey(lookup, key, is_saved=True)
        if first_save:
            journey.count_usage(UsageCount.Metric.JOURNAL_SAVED)
        # The code is shown once, in this response only: never stored, never redirected with.
        context.update(code=code, is_saved=True, renewed=not first_save)
    return render(request, "modules/save.html", context)


CODE_MESSAGES = {
    "empty": gettext_lazy("Please type your code."),
    "shape": gettext_lazy(
        "That does not look like a save code. A code has 16 letters and numbers, like 7KQ2-M9XD-4HTR-B6PW."
    ),
    "unknown": gettext_lazy(
        "No saved progress matches this code. Check each character and try again. "
        "Saved progress is deleted after it has not been used for a long time."
    ),
    "throttled": gettext_lazy(
        "Too many codes have been tried on this site in the last minute. Please wait a minute and try again."
    ),
    "busy": gettext_lazy(
        "The site is very busy right now. Please try again in a moment."
    ),
}


@require_http_methods(["GET", "HEAD", "POST"])
def continue_with_code(request):
    error = None
    typed = ""
    status = 200
    if request.method == "POST":
        typed = request.POST.get("code", "")[:200]
        try:
            symbols = codes.normalize(typed)
            if codes.too_many_failures():
                raise codes.CodeError("throttled")
            lookup, key = codes.derive(symbols)
            record = Journal.objects.filter(lookup=lookup, is_saved=True).first()
            if record is None:
                codes.record_failure()
                raise codes.CodeError("unknown")
            request.journal.adopt(lookup, key, record)
        except codes.CodeError as exc:
            error = CODE_MESSAGES[exc.reason]
            status = {"throttled": 429, "busy": 503}.get(exc.reason, 400)
        except JournalUnreadable:
            codes.record_failure()
            error = CODE_MESSAGES["unknown"]
            status = 400
        else:
            messages.success(request, _("Welcome back. Everything you saved is here."))
            return redirect("modules:program_list")
    # What was typed is not echoed back: a code never appears in a page it was not made for.
    return render(
        request,
        "modules/continue.html",
        {"error": error, "had_input": bool(typed)},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def delete_everything(request):
    if request.method == "POST":
        request.journal.delete()
        response = render(request, "modules/deleted.html")
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response
    return render(
        request,
        "modules/delete.html",
        {"exists": request.journal.exists, "is_saved": request.journal.is_saved},
    )
