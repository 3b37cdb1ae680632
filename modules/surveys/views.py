"""The survey pages: a survey at its own address, for anyone (no journal, no
cookie: nothing is remembered), and the same survey offered in a track,
where the visitor's journal remembers only that it was answered or skipped,
so it is not offered again."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from modules.surveys import selectors, services
from modules.surveys.forms import SurveyForm
from modules.surveys.questions import question_views


def is_preview(request):
    """Staff signed in with their second factor see drafts too (as on the
    program's pages); visitors never do."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.is_staff):
        return False
    return bool(getattr(user, "is_verified", lambda: False)())


def _survey_or_404(slug, request=None):
    preview = request is not None and is_preview(request)
    survey = selectors.published_survey(slug, preview=preview)
    if survey is None:
        raise Http404
    return survey


def _language():
    return (translation.get_language() or "en").split("-")[0]


def _survey_page(request, survey, *, in_track):
    if request.method == "POST":
        form = SurveyForm(survey, request.POST)
        if form.is_valid():
            # A draft tried out by staff stores nothing: no test answers
            # among the research data.
            if survey.is_published:
                services.answers_store(
                    survey=survey, answers=form.answers(), language=_language()
                )
            if in_track:
                services.journal_remember(request.journal, survey, services.ANSWERED)
                return redirect("surveys:thanks_in_track", slug=survey.slug)
            return redirect("surveys:thanks", slug=survey.slug)
        status = 400
    else:
        form = SurveyForm(survey)
        status = 200
    return render(
        request,
        "surveys/survey.html",
        {
            "survey": survey,
            "form": form,
            "questions": question_views(form),
            "in_track": in_track,
            "skip_url": reverse("surveys:skip", kwargs={"slug": survey.slug})
            if in_track
            else None,
        },
        status=status,
    )


# No CSRF token (and so no CSRF cookie): the standalone survey sets no cookie
# at all. A forged submission could only add answers anyone may add anyway.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def survey(request, slug):
    return _survey_page(request, _survey_or_404(slug, request), in_track=False)


@require_http_methods(["GET", "HEAD", "POST"])
def survey_in_track(request, slug):
    survey = _survey_or_404(slug)
    if services.journal_status(request.journal.data, survey):
        # Never asked twice in one journal.
        return render(
            request,
            "surveys/thanks.html",
            {
                "survey": survey,
                "in_track": True,
                "already": True,
                "back_url": _back_to_track(survey),
            },
        )
    return _survey_page(request, survey, in_track=True)


@require_POST
def skip(request, slug):
    survey = _survey_or_404(slug)
    if not services.journal_status(request.journal.data, survey):
        services.journal_remember(request.journal, survey, services.SKIPPED)
    return redirect(_back_to_track(survey))


def _back_to_track(survey):
    if survey.track_id and survey.track.is_published:
        return survey.track.get_absolute_url()
    return reverse("journey:track_list")


@require_safe
def thanks(request, slug, *, in_track=False):
    survey = _survey_or_404(slug, request)
    return render(
        request,
        "surveys/thanks.html",
        {
            "survey": survey,
            "in_track": in_track,
            "back_url": _back_to_track(survey) if in_track else None,
        },
    )
