"""Conversations between a help-seeker and the counsellors, stored sealed.

No row says who a visitor is: a conversation's id is random and known to the
visitor only inside their encrypted journal; its public key is random too.
Only days are kept as time. On SQLite the tables have no rowid (migration
0002), so the file does not keep the order in which rows were made.
"""

import datetime
import os

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from modules.content.models import Translatable
from modules.journal.models import scrub_deleted, today


def random_id() -> str:
    return os.urandom(16).hex()


class TeamKey(models.Model):
    """The counsellors' key pair: the public key in the clear, the private
    key only locked under the team passphrase (see ``crypto.py``). There is
    one; ``messagingkey rotate`` replaces it and re-seals every copy."""

    id = models.CharField(primary_key=True, max_length=32, default=random_id)
    public_key = models.BinaryField()
    salt = models.BinaryField()
    time_cost = models.PositiveIntegerField()
    memory_kib = models.PositiveIntegerField()
    locked_private_key = models.BinaryField()
    created = models.DateField(default=today)

    class Meta:
        verbose_name = _("team key")
        verbose_name_plural = _("team keys")

    def __str__(self):
        return str(_("Team key"))


class Conversation(models.Model):
    NEW = "new"
    WAITING_US = "waiting_us"
    WAITING_THEM = "waiting_them"
    CLOSED = "closed"
    STATES = (
        (NEW, _("New")),
        (WAITING_US, _("Waiting for us")),
        (WAITING_THEM, _("Waiting for them")),
        (CLOSED, _("Closed")),
    )
    REASONS = (
        ("done", _("The conversation came to an end")),
        ("quiet", _("No reply for a long time")),
        ("abusive", _("Abusive")),
    )

    id = models.CharField(primary_key=True, max_length=32, default=random_id)
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(_("state"), max_length=20, choices=STATES, default=NEW)
    visitor_key = models.BinaryField()
    started = models.DateField(_("started (day)"), default=today)
    waiting_since = models.DateField(_("waiting since (day)"), null=True, blank=True)
    last_seen = models.DateField(_("visitor last here (day)"), default=today)
    reply_unread = models.BooleanField(default=False)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("claimed by"),
    )
    flagged = models.BooleanField(_("flagged for safeguarding review"), default=False)
    closed_on = models.DateField(_("closed (day)"), null=True, blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=REASONS, blank=True
    )

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        permissions = (("answer_messages", _("Can read and answer messages")),)
        indexes = (models.Index(fields=["language", "state"], name="msg_inbox_idx"),)

    def __str__(self):
        return str(_("Conversation"))

    def days_waiting(self):
        if self.waiting_since is None or self.state not in (self.NEW, self.WAITING_US):
            return None
        return (today() - self.waiting_since).days


class Message(models.Model):
    id = models.CharField(primary_key=True, max_length=32, default=random_id)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    # Its place in its conversation only: nothing to line up across conversations.
    number = models.PositiveIntegerField()
    from_visitor = models.BooleanField()
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    day = models.DateField(default=today)
    for_visitor = models.BinaryField()
    for_team = models.BinaryField()

    class Meta:
        ordering = ("number",)
        constraints = (
            models.UniqueConstraint(
                fields=("conversation", "number"), name="msg_one_number"
            ),
        )

    def __str__(self):
        return str(_("Message"))


class Note(models.Model):
    """A counsellor's note on a conversation: staff only, sealed to the team."""

    id = models.CharField(primary_key=True, max_length=32, default=random_id)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    number = models.PositiveIntegerField()
    day = models.DateField(default=today)
    for_team = models.BinaryField()

    class Meta:
        ordering = ("number",)

    def __str__(self):
        return str(_("Note"))


def configured_languages():
    """The operator's languages (SELFHELP_LANGUAGES), read when a form is
    built: a callable, so changing them needs no migration."""
    return settings.LANGUAGES


class ServiceInfo(models.Model):
    """What visitors are told before they write, per language (staff set it)."""

    language = models.CharField(
        _("language"), max_length=10, choices=configured_languages, unique=True
    )
    reply_days = models.PositiveSmallIntegerField(
        _("expected reply within (days)"), default=3
    )
    hours = models.TextField(
        _("service hours"),
        help_text=_("When counsellors read messages, e.g. Monday to Friday, 9-17."),
    )
    scope = models.TextField(
        _("what counsellors can and cannot do"),
        help_text=_(
            "Written by the operator for their country: what counsellors offer, "
            "that they are not an emergency service, and what, if anything, they "
            "must pass on."
        ),
    )

    class Meta:
        verbose_name = _("message service information")
        verbose_name_plural = _("message service information")

    def __str__(self):
        return self.get_language_display()


class ReplyOpening(Translatable):
    """A reusable opening for replies, written by clinicians in MI style.

    Program content like a step's text: written in English, translated in the
    content catalogues (``catalogue.py`` joins them through
    ``content.registry``), and shown to a counsellor in the language of the
    conversation they answer."""

    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    translatable_fields = ("title", "text")

    class Meta:
        ordering = ("order", "title")
        verbose_name = _("reply opening")
        verbose_name_plural = _("reply openings")

    def __str__(self):
        return self.title


class CounsellorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counsellor"
    )
    display_name = models.CharField(_("display name"), max_length=60)

    class Meta:
        verbose_name = _("counsellor profile")
        verbose_name_plural = _("counsellor profiles")

    def __str__(self):
        return self.display_name


def delete_conversation(conversation_id: str) -> None:
    Conversation.objects.filter(id=conversation_id).delete()
    scrub_deleted()


def purge(now_day: datetime.date | None = None) -> dict[str, int]:
    """Delete closed conversations after ``MESSAGING_CLOSED_DAYS``, and any
    whose visitor has not been back for as long as a saved journal lives
    (their key went with it, so nobody could read their side again)."""
    now_day = now_day or today()
    closed_cutoff = now_day - datetime.timedelta(days=settings.MESSAGING_CLOSED_DAYS)
    gone_cutoff = now_day - datetime.timedelta(days=settings.JOURNAL_SAVED_DAYS)
    closed = Conversation.objects.filter(
        state=Conversation.CLOSED, closed_on__lt=closed_cutoff
    )
    closed_count = closed.count()
    closed.delete()
    gone = Conversation.objects.filter(
        ~Q(state=Conversation.CLOSED), last_seen__lt=gone_cutoff
    )
    gone_count = gone.count()
    gone.delete()
    scrub_deleted()
    return {"closed": closed_count, "abandoned": gone_count}
