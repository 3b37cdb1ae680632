"""The live catalogues: every server reads its translations from here.

The .po files in ``locale/`` are the exchange format (translators' tools,
releases, git); what visitors see is what these tables hold. Each change to a
catalogue gives it a new ``version`` (for people and for uploads) and a new
random ``stamp`` (what servers compare with the .mo they compiled, so two
databases can never be mistaken for each other).
"""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_stamp() -> str:
    return uuid.uuid4().hex


class Catalogue(models.Model):
    """One language's catalogue of one domain (``content`` or ``django``)."""

    lang = models.CharField(max_length=16)
    domain = models.CharField(max_length=32)
    version = models.PositiveIntegerField(default=0)
    stamp = models.CharField(max_length=32, default=new_stamp)
    metadata = models.JSONField(default=dict)
    header = models.TextField(blank=True)
    # When the catalogue was first complete: from then on its language is
    # offered to visitors (offered.py), even while new English waits for
    # translation (shown in English meanwhile), so an edit to the program never
    # takes a language away from the people using it.
    complete_since = models.DateTimeField(null=True, blank=True)
    # When a translation or the English last changed: the PO-Revision-Date of
    # every download (a staff-side fact, not a visitor's).
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("catalogue")
        verbose_name_plural = _("catalogues")
        constraints: ClassVar[list] = [
            models.UniqueConstraint(
                fields=["lang", "domain"], name="one_catalogue_per_language_and_domain"
            )
        ]

    def __str__(self):
        return f"{self.lang}/{self.domain} v{self.version}"


class Entry(models.Model):
    """One gettext entry of a catalogue, as a .po file would hold it."""

    catalogue = models.ForeignKey(
        Catalogue, on_delete=models.CASCADE, related_name="entries"
    )
    # sha256 of the entry's key (its msgctxt for content, msgctxt + msgid for
    # the interface): msgids can be too long for an index of their own.
    key = models.CharField(max_length=64)
    position = models.PositiveIntegerField(default=0)
    # None and "" differ in gettext (no context, an empty context).
    msgctxt = models.TextField(null=True, blank=True)  # noqa: DJ001
    msgid = models.TextField()
    msgid_plural = models.TextField(blank=True)
    msgstr = models.TextField(blank=True)
    msgstr_plural = models.JSONField(default=dict, blank=True)
    fuzzy = models.BooleanField(default=False)
    flags = models.JSONField(default=list, blank=True)
    previous_msgid = models.TextField(blank=True)
    comment = models.TextField(blank=True)
    tcomment = models.TextField(blank=True)
    occurrences = models.JSONField(default=list, blank=True)
    obsolete = models.BooleanField(default=False)
    # A translation typed or uploaded by staff: a release never replaces it.
    staff_edited = models.BooleanField(default=False)
    # The catalogue version that last changed the translation (msgstr, fuzzy).
    changed_in = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        constraints: ClassVar[list] = [
            models.UniqueConstraint(
                fields=["catalogue", "key"], name="one_entry_per_key"
            )
        ]

    def __str__(self):
        return self.msgctxt or self.msgid[:60]


class EntryChange(models.Model):
    """The translation an entry had before catalogue version ``replaced_in``
    changed it: what an upload made from an older download is merged
    against."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="changes")
    replaced_in = models.PositiveIntegerField()
    msgstr = models.TextField(blank=True)
    msgstr_plural = models.JSONField(default=dict, blank=True)
    fuzzy = models.BooleanField(default=False)

    class Meta:
        indexes: ClassVar[list] = [models.Index(fields=["entry", "replaced_in"])]

    def __str__(self):
        return f"{self.entry} before v{self.replaced_in}"


class Revision(models.Model):
    """One change to one translation: who, when, how, and the text before and
    after, so the editor can show an entry's history and restore an earlier
    text. Kept for staff work only; it never names a visitor."""

    class How(models.TextChoices):
        EDITOR = "editor", _("in the editor")
        RESTORE = "restore", _("restored from the history")
        UPLOAD = "upload", _("uploaded .po file")
        RELEASE = "release", _("release merge")
        PROGRAM = "program", _("the English changed")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("catalogue version"))
    changed_at = models.DateTimeField(_("changed at"))
    # A staff account, or none (a release merge, the program's export).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translation_revisions",
    )
    how = models.CharField(_("how"), max_length=16, choices=How.choices)
    old_msgstr = models.TextField(_("text before"), blank=True)
    old_plural = models.JSONField(default=dict, blank=True)
    old_fuzzy = models.BooleanField(default=False)
    new_msgstr = models.TextField(_("text after"), blank=True)
    new_plural = models.JSONField(default=dict, blank=True)
    new_fuzzy = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("translation revision")
        verbose_name_plural = _("translation revisions")
        ordering: ClassVar[list] = ["-version", "-pk"]
        indexes: ClassVar[list] = [models.Index(fields=["entry", "version"])]

    def __str__(self):
        return f"{self.entry} v{self.version} ({self.how})"
