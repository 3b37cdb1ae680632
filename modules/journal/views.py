"""Coming back without an account: save with a code, continue with it, and
delete everything. The code protocol lives in ``JournalSession``; these
views parse, call and render."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from modules.journal.codes import CodeProblem
from modules.journal.session import JournalFull

# Pages after a visit's decisive step; the URL names belong to the help-seeker's
# side, which the project's urls wire in.
AFTER_CONTINUE = "journey:track_list"


# The code just shown, for a reload of the same form (its one-time token):
# kept only in this browser, encrypted under the journal's key, for minutes.
SHOWN_COOKIE = "shown_code"
SHOWN_SECONDS = 600


def _shown_before(request, token):
    """``(code, renewed)`` if this very form was sent before, else None."""
    note = request.journal.open_note(request.COOKIES.get(SHOWN_COOKIE, ""))
    if not note or not token:
        return None
    sent, renewed, code = [*note.split("|", 2), "", ""][:3]
    return (code, renewed == "1") if sent == token and code else None


@require_http_methods(["GET", "HEAD", "POST"])
def save_progress(request):
    """Give the visitor a code that brings their journal back on any device."""
    journal = request.journal
    context = {
        "is_saved": journal.is_saved,
        "nothing_to_save": not journal.has_content,
        "days": settings.JOURNAL_SAVED_DAYS,
        "code": None,
        "problem": None,
        "renewed": False,
        "form_token": secrets.token_urlsafe(12),
    }
    if request.method != "POST":
        return render(request, "journal/save.html", context)
    token = request.POST.get("form_token", "")[:40]
    again = _shown_before(request, token)
    if again is not None:
        # A reload sends the form again: the same code, not a new one.
        context.update(code=again[0], is_saved=True, renewed=again[1])
        return render(request, "journal/save.html", context)
    renewing = journal.is_saved
    try:
        code = journal.save_with_new_code()
    except CodeProblem as problem:
        context["problem"] = problem.message
        return render(request, "journal/save.html", context, status=problem.status)
    # The code is shown in this response (and again only to a reload of it,
    # from this browser's own short-lived note); never stored, never redirected with.
    context.update(code=code, is_saved=True, renewed=renewing)
    response = render(request, "journal/save.html", context)
    if token:
        note = journal.seal_note(f"{token}|{int(renewing)}|{code}")
        response.set_cookie(
            SHOWN_COOKIE,
            note,
            max_age=SHOWN_SECONDS,
            path=request.path,
            httponly=True,
            samesite="Strict",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


# What to do with the answers this browser already has, when a code opens
# other, saved ones.
CHOICES = ("saved", "merge", "keep")


@require_http_methods(["GET", "HEAD", "POST"])
def continue_with_code(request):
    """Open the journal saved under a code. If this browser already has
    answers, ask first: keep these, take the saved ones, or merge both."""
    journal = request.journal
    error, typed, status = None, "", 200
    ask = journal.has_content
    if request.method == "POST":
        typed = request.POST.get("code", "")[:200]
        choice = request.POST.get("choice", "")
        if choice == "keep":
            messages.success(
                request,
                _("Nothing changed: you carry on with the answers in this browser."),
            )
            return redirect(AFTER_CONTINUE)
        if ask and choice not in CHOICES:
            error, status = (
                _("Choose what to do with the answers in this browser."),
                400,
            )
        else:
            try:
                journal.continue_with_code(typed, merge=ask and choice == "merge")
            except CodeProblem as problem:
                error, status = problem.message, problem.status
            except JournalFull:
                error, status = (
                    _(
                        "Together, the two sets of answers are too big to keep. Choose "
                        "one of them, or download your workbook first."
                    ),
                    400,
                )
            else:
                messages.success(
                    request, _("Welcome back. Everything you saved is here.")
                )
                return redirect(AFTER_CONTINUE)
    # What was typed comes back only in the answer to its own form (never
    # stored, never cached), so a typo can be seen and corrected.
    return render(
        request,
        "journal/continue.html",
        {
            "error": error,
            "typed": typed,
            "ask": ask,
            "choice": request.POST.get("choice", ""),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def delete_everything(request):
    if request.method == "POST":
        request.journal.delete()
        response = render(request, "journal/deleted.html")
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response
    return render(
        request,
        "journal/delete.html",
        {"exists": request.journal.exists, "is_saved": request.journal.is_saved},
    )
