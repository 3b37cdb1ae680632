"""Coming back without an account: save with a code, continue with it, and
delete everything. The code protocol lives in ``JournalSession``; these
views parse, call and render."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from modules.journal.codes import CodeProblem

# Pages after a visit's decisive step; the URL names belong to the help-seeker's
# side, which the project's urls wire in.
AFTER_CONTINUE = "journey:track_list"


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
    }
    if request.method == "POST":
        renewing = journal.is_saved
        try:
            code = journal.save_with_new_code()
        except CodeProblem as problem:
            context["problem"] = problem.message
            return render(request, "journal/save.html", context, status=problem.status)
        # The code is shown once, in this response only: never stored, never redirected with.
        context.update(code=code, is_saved=True, renewed=renewing)
    return render(request, "journal/save.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def continue_with_code(request):
    error = None
    typed = ""
    status = 200
    if request.method == "POST":
        typed = request.POST.get("code", "")[:200]
        try:
            request.journal.continue_with_code(typed)
        except CodeProblem as problem:
            error, status = problem.message, problem.status
        else:
            messages.success(request, _("Welcome back. Everything you saved is here."))
            return redirect(AFTER_CONTINUE)
    # What was typed is not echoed back: a code never appears in a page it was not made for.
    return render(
        request,
        "journal/continue.html",
        {"error": error, "had_input": bool(typed)},
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
