"""Writing and reading messages, for visitors and for counsellors.

The visitor's part of their journal, under ``data["messaging"]``:
``{"sk": their private key, "id": their conversation's id}``. Nothing on
the server points back from a conversation to a journal.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from modules.journal.models import today
from modules.messaging import crypto
from modules.messaging.models import (
    Conversation,
    CounsellorProfile,
    Message,
    Note,
    TeamKey,
)

JOURNAL_KEY = "messaging"


class NotReady(Exception):
    """The service has no team key yet (the operator has not set it up)."""


class TooMany(Exception):
    """The visitor has written as many messages today as one may."""


class Closed(Exception):
    """The conversation was closed as abusive: no more messages."""


class Outdated(Exception):
    """Something arrived in the conversation since the counsellor's page was shown."""


@dataclass
class Shown:
    from_visitor: bool
    day: object
    text: str
    counsellor: str


def _open(private_key, blob) -> str:
    """A message's text, or a notice if this key cannot open it (a copy
    sealed under a key since replaced): one bad copy never hides the rest."""
    try:
        return crypto.unseal(private_key, blob)
    except crypto.CannotOpen:
        return gettext("(This message cannot be opened.)")


def team_key():
    key = TeamKey.objects.first()
    if key is None:
        raise NotReady
    return key


def _next_number(model, conversation):
    top = model.objects.filter(conversation=conversation).aggregate(n=Max("number"))
    return (top["n"] or 0) + 1


def _display_names(ids):
    return dict(
        CounsellorProfile.objects.filter(user_id__in=ids).values_list(
            "user_id", "display_name"
        )
    )


# --- the visitor's side ------------------------------------------------------


def ensure_keys(data) -> None:
    """Give the journal its messaging key (inside ``journal.changing()``)."""
    if not (data.get(JOURNAL_KEY) or {}).get("sk"):
        private, _public = crypto.new_key_pair()
        data[JOURNAL_KEY] = {"sk": crypto.to_text(private), "id": None}


def conversation_id(data) -> str | None:
    return (data.get(JOURNAL_KEY) or {}).get("id")


def visitor_conversation(journal):
    conversation_pk = conversation_id(journal.data)
    if not conversation_pk:
        return None
    return Conversation.objects.filter(id=conversation_pk).first()


def sent_today(conversation) -> int:
    if conversation is None:
        return 0
    return Message.objects.filter(
        conversation=conversation, from_visitor=True, day=today()
    ).count()


def send(journal, text: str, language: str) -> None:
    """Add the visitor's message to their conversation, starting one if
    needed. Raises ``NotReady``, ``TooMany`` or ``Closed``; then nothing is
    stored."""
    public_team = team_key().public_key
    with journal.changing() as data:
        ensure_keys(data)
        mine = data[JOURNAL_KEY]
        private = crypto.from_text(mine["sk"])
        conversation = None
        if mine.get("id"):
            conversation = (
                Conversation.objects.select_for_update().filter(id=mine["id"]).first()
            )
        if conversation is None:
            conversation = Conversation.objects.create(
                language=language, visitor_key=crypto.public_of(private)
            )
            mine["id"] = conversation.id
        if conversation.close_reason == "abusive":
            raise Closed
        if sent_today(conversation) >= settings.MESSAGING_PER_DAY:
            raise TooMany
        Message.objects.create(
            conversation=conversation,
            number=_next_number(Message, conversation),
            from_visitor=True,
            for_visitor=crypto.seal(conversation.visitor_key, text),
            for_team=crypto.seal(public_team, text),
        )
        if conversation.state not in (Conversation.NEW, Conversation.WAITING_US):
            conversation.state = (
                Conversation.NEW
                if not conversation.messages.filter(from_visitor=False).exists()
                else Conversation.WAITING_US
            )
            conversation.waiting_since = today()
            conversation.closed_on, conversation.close_reason = None, ""
        conversation.waiting_since = conversation.waiting_since or today()
        conversation.language = language
        conversation.last_seen = today()
        conversation.save()


def read_for_visitor(journal, conversation) -> list[Shown]:
    """The conversation as the visitor sees it; marks replies as read."""
    private = crypto.from_text(journal.data[JOURNAL_KEY]["sk"])
    messages = list(conversation.messages.all())
    names = _display_names({m.counsellor_id for m in messages})
    shown = [
        Shown(
            m.from_visitor,
            m.day,
            _open(private, m.for_visitor),
            names.get(m.counsellor_id, ""),
        )
        for m in messages
    ]
    Conversation.objects.filter(id=conversation.id).update(
        reply_unread=False, last_seen=today()
    )
    return shown


def reply_waiting(journal) -> bool:
    conversation_pk = conversation_id(journal.data)
    return bool(
        conversation_pk
        and Conversation.objects.filter(id=conversation_pk, reply_unread=True).exists()
    )


def forget_visitor_data(data) -> None:
    """The journal is being deleted: its conversation goes with it."""
    conversation_pk = conversation_id(data or {})
    if conversation_pk:
        Conversation.objects.filter(id=conversation_pk).delete()


# --- the counsellors' side -----------------------------------------------------


def read_for_team(conversation, private_key: bytes):
    """(messages, notes) of a conversation, opened with the team's key."""
    messages = list(conversation.messages.all())
    names = _display_names({m.counsellor_id for m in messages})
    shown = [
        Shown(
            m.from_visitor,
            m.day,
            _open(private_key, m.for_team),
            names.get(m.counsellor_id, ""),
        )
        for m in messages
    ]
    notes = list(conversation.notes.all())
    note_names = _display_names({n.author_id for n in notes})
    shown_notes = [
        Shown(
            from_visitor=False,
            day=n.day,
            text=_open(private_key, n.for_team),
            counsellor=note_names.get(n.author_id, ""),
        )
        for n in notes
    ]
    return shown, shown_notes


def latest_number(conversation) -> int:
    return _next_number(Message, conversation) - 1


@transaction.atomic
def reply(conversation_pk, user, text: str, seen_number: int) -> None:
    """The counsellor's reply. Raises ``Outdated`` if the visitor wrote again
    after the counsellor's page was shown (they must read it first)."""
    conversation = Conversation.objects.select_for_update().get(id=conversation_pk)
    if latest_number(conversation) != seen_number:
        raise Outdated
    Message.objects.create(
        conversation=conversation,
        number=seen_number + 1,
        from_visitor=False,
        counsellor=user,
        for_visitor=crypto.seal(conversation.visitor_key, text),
        for_team=crypto.seal(team_key().public_key, text),
    )
    conversation.state = Conversation.WAITING_THEM
    conversation.waiting_since = None
    conversation.reply_unread = True
    conversation.save()


@transaction.atomic
def add_note(conversation_pk, user, text: str) -> None:
    conversation = Conversation.objects.select_for_update().get(id=conversation_pk)
    Note.objects.create(
        conversation=conversation,
        author=user,
        number=_next_number(Note, conversation),
        for_team=crypto.seal(team_key().public_key, text),
    )


def claim(conversation_pk, user) -> bool:
    """Claim for ``user`` unless someone else holds it; whether they hold it now."""
    Conversation.objects.filter(id=conversation_pk, claimed_by__isnull=True).update(
        claimed_by=user
    )
    return Conversation.objects.filter(id=conversation_pk, claimed_by=user).exists()


def release(conversation_pk, user) -> None:
    Conversation.objects.filter(id=conversation_pk, claimed_by=user).update(
        claimed_by=None
    )


def close(conversation_pk, reason: str) -> None:
    Conversation.objects.filter(id=conversation_pk).update(
        state=Conversation.CLOSED,
        close_reason=reason,
        closed_on=today(),
        claimed_by=None,
        waiting_since=None,
    )


def set_flag(conversation_pk, *, flagged: bool) -> None:
    Conversation.objects.filter(id=conversation_pk).update(flagged=flagged)
