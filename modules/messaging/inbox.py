"""The counsellors' inbox, inside the admin (``admin.py`` wires the URLs).

The list needs no key: it shows only each conversation's language, state,
days waited, who claimed it and whether it is flagged. Reading and writing
need the team key, opened with the team passphrase (``unlock.py``).
Nothing read here is logged: no admin log entries, no messages with text.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modules.messaging import conversations, unlock
from modules.messaging.forms import (
    CloseForm,
    DisplayNameForm,
    NoteForm,
    ReplyForm,
    UnlockForm,
)
from modules.messaging.models import Conversation, CounsellorProfile, ReplyOpening
from modules.translations.lookup import translate

PERMISSION = "messaging.answer_messages"
INBOX = "admin:messaging_conversation_changelist"


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _context(request, **extra):
    return {**admin.site.each_context(request), **extra}


def _display_name(user):
    profile = CounsellorProfile.objects.filter(user=user).first()
    return profile.display_name if profile else ""


def _counts(conversations):
    """How many conversations each state has: what the inbox shows, no more."""
    counts = dict(conversations.values_list("state").annotate(n=Count("id")).order_by())
    counts["flagged"] = conversations.filter(flagged=True).count()
    return counts


def inbox(request):
    _check(request)
    state = request.GET.get("state", Conversation.NEW)
    language = request.GET.get("language", "")
    rows = Conversation.objects.select_related("claimed_by")
    shown_languages = Conversation.objects.all()
    if language:
        shown_languages = shown_languages.filter(language=language)
    counts = _counts(shown_languages)
    if state == "flagged":
        rows = rows.filter(flagged=True)
    else:
        state = state if state in dict(Conversation.STATES) else Conversation.NEW
        rows = rows.filter(state=state)
    if language:
        rows = rows.filter(language=language)
    # The longest-waiting first; the day is all that is stored.
    rows = rows.order_by("waiting_since", "started", "id")
    return TemplateResponse(
        request,
        "messaging/admin_inbox.html",
        _context(
            request,
            title=_("Messages"),
            rows=rows,
            state=state,
            language=language,
            states=[
                (code, name, counts.get(code, 0)) for code, name in Conversation.STATES
            ],
            flagged_count=counts["flagged"],
            languages=settings.LANGUAGES,
            unlocked=unlock.private_key(request) is not None,
            unlock_form=UnlockForm(),
            display_name=_display_name(request.user),
        ),
    )


@require_POST
def open_inbox(request):
    _check(request)
    form = UnlockForm(request.POST)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = INBOX
    response = redirect(target)
    try:
        opened = form.is_valid() and unlock.unlock(
            request, response, form.cleaned_data["passphrase"]
        )
    except conversations.NotReady:
        opened = False
    if not opened:
        messages.error(request, _("That is not the team passphrase."))
        return redirect(INBOX)
    return response


@require_POST
def close_inbox(request):
    _check(request)
    response = redirect(INBOX)
    unlock.lock(request, response)
    return response


def display_name(request):
    _check(request)
    profile = CounsellorProfile.objects.filter(user=request.user).first()
    if request.method == "POST":
        form = DisplayNameForm(request.POST)
        if form.is_valid():
            CounsellorProfile.objects.update_or_create(
                user=request.user,
                defaults={"display_name": form.cleaned_data["display_name"]},
            )
            messages.success(request, _("Your display name is saved."))
            return redirect(INBOX)
    else:
        form = DisplayNameForm(
            initial={"display_name": profile.display_name if profile else ""}
        )
    return TemplateResponse(
        request,
        "messaging/admin_display_name.html",
        _context(request, title=_("Your display name"), form=form),
    )


def conversation(request, conversation_id, reply_form=None, note_form=None):
    _check(request)
    item = get_object_or_404(Conversation, id=conversation_id)
    private = unlock.private_key(request)
    if private is None:
        return TemplateResponse(
            request,
            "messaging/admin_inbox.html",
            _context(
                request,
                title=_("Open the inbox"),
                rows=None,
                unlocked=False,
                unlock_form=UnlockForm(),
                next=request.path,
            ),
        )
    shown, notes = conversations.read_for_team(item, private)
    seen = conversations.latest_number(item)
    return TemplateResponse(
        request,
        "messaging/admin_conversation.html",
        _context(
            request,
            title=_("Conversation"),
            item=item,
            shown=shown,
            notes=notes,
            mine=item.claimed_by_id == request.user.id,
            reply_form=reply_form or ReplyForm(initial={"seen": seen}),
            note_form=note_form or NoteForm(),
            close_form=CloseForm(),
            openings=[
                {
                    "title": translate(opening, "title", item.language).text,
                    "text": translate(opening, "text", item.language).text,
                }
                for opening in ReplyOpening.objects.all()
            ],
            display_name=_display_name(request.user),
        ),
    )


@require_POST
def act(request, conversation_id, action):
    """Claim, release, reply, note, close, flag: one POST each."""
    _check(request)
    item = get_object_or_404(Conversation, id=conversation_id)
    back = redirect("admin:messaging_conversation", conversation_id)
    if action == "claim":
        if not conversations.claim(item.id, request.user):
            messages.error(request, _("Someone else has claimed this conversation."))
    elif action == "release":
        conversations.release(item.id, request.user)
    elif action == "reply":
        return _reply(request, item)
    elif action == "note":
        form = NoteForm(request.POST)
        if not form.is_valid():
            return conversation(request, item.id, note_form=form)
        conversations.add_note(item.id, request.user, form.cleaned_data["note"])
    elif action == "close":
        form = CloseForm(request.POST)
        if form.is_valid():
            conversations.close(item.id, form.cleaned_data["reason"])
            messages.success(request, _("The conversation is closed."))
            return redirect(INBOX)
    elif action in ("flag", "unflag"):
        conversations.set_flag(item.id, flagged=action == "flag")
    else:
        raise PermissionDenied
    return back


def _reply(request, item):
    form = ReplyForm(request.POST)
    if item.claimed_by_id != request.user.id:
        messages.error(request, _("Claim the conversation before you reply."))
        return conversation(request, item.id, reply_form=form)
    if not _display_name(request.user):
        messages.error(request, _("Choose your display name before you reply."))
        return conversation(request, item.id, reply_form=form)
    if not form.is_valid():
        return conversation(request, item.id, reply_form=form)
    try:
        conversations.reply(
            item.id, request.user, form.cleaned_data["text"], form.cleaned_data["seen"]
        )
    except conversations.Outdated:
        messages.error(
            request,
            _(
                "A new message arrived while you were writing. Read it first; "
                "your reply is still in the box."
            ),
        )
        fresh = ReplyForm(
            initial={
                "text": form.cleaned_data["text"],
                "seen": conversations.latest_number(item),
            }
        )
        return conversation(request, item.id, reply_form=fresh)
    messages.success(request, _("Your reply is sent."))
    return redirect("admin:messaging_conversation", item.id)
