"""A visitor's way through a track: the list of tracks, a track, a stage,
each step, and each stage's summary."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from modules.content import selectors
from modules.content.models import Question, Stage, Step
from modules.journal.session import JournalFull
from modules.journey import answers, outlines
from modules.journey.forms import AnswerForm, initial_for
from modules.journey.outline import outline, stage_url, step_url
from modules.journey.questions import question_views
from modules.journey.views.preview import is_preview


def _track_or_404(slug, *, preview):
    track = selectors.track_with_stages(slug, preview=preview)
    if track is None:
        raise Http404
    return track


def _stage_or_404(track, slug):
    for stage in track.stages.all():
        if stage.slug == slug:
            return stage
    raise Http404


@require_safe
def track_list(request):
    preview = is_preview(request)
    return render(
        request,
        "journey/track_list.html",
        {"tracks": selectors.tracks(preview=preview), "preview": preview},
    )


@require_safe
def track_detail(request, track):
    preview = is_preview(request)
    track = _track_or_404(track, preview=preview)
    data = request.journal.data
    progress = outline(track, data)
    # Staff previews mark what visitors do not see yet.
    waiting = selectors.waiting_drafts(Stage) if preview else set()
    stages = [
        {
            "stage": s,
            "status": progress.stage_status(s),
            "steps": list(s.steps.all()),
            "waiting": str(s.pk) in waiting,
        }
        for s in progress.stages
    ]
    return render(
        request,
        "journey/track_detail.html",
        {
            "track": track,
            "stages": stages,
            "outline": progress,
            "next_url": progress.next_step_url(),
            "started": bool(progress.completed),
            "self_check": answers.self_check_rows(track, data),
            "preview": preview,
        },
    )


@require_safe
def stage_detail(request, track, stage):
    preview = is_preview(request)
    track = _track_or_404(track, preview=preview)
    stage = _stage_or_404(track, stage)
    progress = outline(track, request.journal.data)
    steps = list(stage.steps.all())
    # Staff previews mark what visitors do not see yet.
    waiting = selectors.waiting_drafts(Step) if preview else set()
    return render(
        request,
        "journey/stage_detail.html",
        {
            "track": track,
            "stage": stage,
            "steps": [
                {
                    "step": s,
                    "done": progress.is_done(s),
                    "url": step_url(stage, s),
                    "waiting": str(s.pk) in waiting,
                }
                for s in steps
            ],
            "first_url": step_url(stage, steps[0]) if steps else None,
            "number": progress.stage_number(stage),
            "outline": progress,
        },
    )


def _no_room(form):
    """Tell the visitor, beside what they wrote (kept in the form), that the
    journal is full."""
    message = _(
        "There is no room left to save this answer. Download your workbook to keep "
        "a copy of everything, then delete some older entries from your urge diary "
        "to make room."
    )
    written = [
        f"q_{q.key}"
        for q in form.questions
        if q.input == Question.Input.TEXT and form.cleaned_data.get(f"q_{q.key}")
    ]
    form.add_error(written[0] if written else None, message)


def _answer_step(request, step, place, progress):
    """``(redirect or None, form, ask_skip)`` for a posted step."""
    form = AnswerForm(step, request.POST)
    if "skip" in request.POST:
        # Skipped on purpose: on to the next step, not counted as done.
        return redirect(place.next_url), form, False
    if not form.is_valid():
        return None, form, False
    saved = form.answers() if step.questions.all() else None
    if saved is not None and not saved["q"]:
        # An empty form is not an answer: ask instead of counting it as done.
        return None, form, True
    try:
        answers.save_step(request.journal, step, saved, progress)
    except JournalFull:
        _no_room(form)
        return None, form, False
    feedback, prompts = answers.reactions(step, saved, request.journal.data)
    if feedback or prompts:
        return redirect(request.path + "?saved=1"), form, False
    return redirect(place.next_url), form, False


@require_http_methods(["GET", "HEAD", "POST"])
def step(request, track, stage, step):
    preview = is_preview(request)
    track = _track_or_404(track, preview=preview)
    stage = _stage_or_404(track, stage)
    step = selectors.step_with_questions(track, stage.slug, step, preview=preview)
    if step is None:
        raise Http404
    step.stage = stage
    journal = request.journal
    progress = outline(track, journal.data)
    if request.method != "POST" and not preview and outlines.usable(request):
        return _step_from_outline(request, track, stage, step, progress)
    place = progress.place_of(step)

    ask_skip, status = False, 200
    if request.method == "POST":
        response, form, ask_skip = _answer_step(request, step, place, progress)
        if response is not None:
            return response
        status = 200 if ask_skip else 400
    else:
        form = AnswerForm(step, initial=initial_for(step, journal.data))

    saved = journal.data["answers"].get(str(step.uuid))
    feedback, prompts = [], []
    if request.GET.get("saved") and saved:
        feedback, prompts = answers.reactions(step, saved, journal.data)
    return render(
        request,
        "journey/step.html",
        {
            **_step_context(track, stage, step, place, form),
            "questions": question_views(form),
            "feedback": feedback,
            "prompts": prompts,
            "show_reactions": bool(feedback or prompts),
            "ask_skip": ask_skip,
            "outline": progress,
            "is_done": progress.is_done(step),
            "journal_unreadable": journal.was_unreadable,
        },
        status=status,
    )


def _step_context(track, stage, step, place, form):
    return {
        "track": track,
        "stage": stage,
        "step": step,
        "place": place,
        "form": form,
        "template_names": [
            f"journey/steps/{step.kind}.html",
            "journey/steps/default.html",
        ],
    }


def _step_from_outline(request, track, stage, step, progress):
    """A returning visitor's plain visit: the page's outline, kept for
    everyone, filled with their answers (``outlines.py``). The outline's
    context is only worked out when the outline is not kept yet."""

    def outline_context():
        form = AnswerForm(step)
        return {
            **_step_context(track, stage, step, progress.place_of(step), form),
            "questions": question_views(form, holes=True),
            "outline": outlines.OutlineHoles(progress.total),
            "is_done": True,
            "holes": {
                "done_open": outlines.DONE_OPEN,
                "done_close": outlines.DONE_CLOSE,
            },
        }

    page = outlines.render_outline(request, "journey/step.html", outline_context)
    return HttpResponse(
        outlines.fill_step(
            page,
            request,
            step,
            initial_for(step, request.journal.data),
            completed=progress.completed,
            is_done=progress.is_done(step),
        )
    )


@require_safe
def stage_summary(request, track, stage):
    track = _track_or_404(track, preview=is_preview(request))
    stage = _stage_or_404(track, stage)
    data = request.journal.data
    progress = outline(track, data)
    steps = []
    for step in answers.stage_questions(stage):
        if step.kind == Step.Kind.READING:
            continue
        rows = [row for row in answers.step_answers(step, data) if row["answer"]]
        steps.append({"step": step, "rows": rows})
    following = progress.stage_after(stage)
    return render(
        request,
        "journey/stage_summary.html",
        {
            "track": track,
            "stage": stage,
            "steps": steps,
            "answered": any(s["rows"] for s in steps),
            "next_stage": following,
            "next_stage_url": stage_url(following) if following else None,
            "number": progress.stage_number(stage),
            "self_check": answers.self_check_rows(track, data)
            if following is None
            else [],
        },
    )
