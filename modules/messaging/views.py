"""The help-seeker's side: read the conversation, write, and save first.

Writing needs a journal saved with a code: the code is how the visitor comes
back to read the reply, and their key to the conversation lives in it."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from modules.journal.codes import CodeProblem
from modules.journal.session import JournalFull
from modules.messaging import conversations
from modules.messaging.forms import MessageForm
from modules.messaging.models import ServiceInfo


def _service_info():
    return ServiceInfo.objects.filter(language=get_language()).first()


def _render(request, form=None, status=200, problem=None):
    journal = request.journal
    conversation = shown = None
    if journal.is_saved:
        conversation = conversations.visitor_conversation(journal)
        if conversation is not None:
            shown = conversations.read_for_visitor(journal, conversation)
    context = {
        "is_saved": journal.is_saved,
        "conversation": conversation,
        "shown": shown or [],
        "form": form or MessageForm(),
        "problem": problem,
        "service": _service_info(),
        "ready": _team_ready(),
        "max_chars": settings.MESSAGING_MAX_CHARS,
        "per_day": settings.MESSAGING_PER_DAY,
        "closed_for_abuse": conversation is not None
        and conversation.close_reason == "abusive",
    }
    return render(request, "messaging/inbox.html", context, status=status)


def _team_ready():
    try:
        conversations.team_key()
    except conversations.NotReady:
        return False
    return True


@require_http_methods(["GET", "HEAD", "POST"])
def inbox(request):
    if request.method != "POST":
        return _render(request)
    if not request.journal.is_saved:
        return redirect("messaging:inbox")
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _render(request, form=form, status=400)
    try:
        conversations.send(request.journal, form.cleaned_data["text"], get_language())
    except conversations.TooMany:
        problem = _(
            "You have sent as many messages as you can today. Your message is still "
            "below: you can send it tomorrow."
        )
        return _render(request, form=form, status=429, problem=problem)
    except conversations.Closed:
        problem = _("This conversation has been closed. You cannot send more messages.")
        return _render(request, form=form, status=403, problem=problem)
    except conversations.NotReady:
        problem = _("Messages are not open yet. Please try again another day.")
        return _render(request, form=form, status=503, problem=problem)
    except JournalFull:
        problem = _(
            "Your saved record is full, so this message could not be kept. "
            "Nothing you saved before is lost."
        )
        return _render(request, form=form, status=413, problem=problem)
    messages.success(
        request, _("Your message is sent. Come back with your code to read the reply.")
    )
    return redirect("messaging:inbox")


@require_http_methods(["POST"])
def start(request):
    """Save the journal with a code in one step, ready for messages."""
    journal = request.journal
    if journal.is_saved:
        return redirect("messaging:inbox")
    try:
        with journal.changing() as data:
            conversations.ensure_keys(data)
        code = journal.save_with_new_code()
    except CodeProblem as problem:
        return _render(request, status=problem.status, problem=problem.message)
    except JournalFull:
        return _render(request, status=413, problem=_("Your record is full."))
    # The code is shown once, in this response only, like on the save page.
    return render(
        request,
        "messaging/saved.html",
        {"code": code, "days": settings.JOURNAL_SAVED_DAYS},
    )
