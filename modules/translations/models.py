"""The live catalogues: every server reads its translations from here.

The .po files in ``locale/`` are the exchange format (translators' tools,
releases, git); what visitors see is what these tables hold. Each change to a
catalogue gives it a new ``version`` (for people and for uploads) and a new
random ``stamp`` (what servers compare with the .mo they compiled, so two
databases can never be mistaken for each other).
"""

import uuid
from typing import ClassVar

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
    fuzzy = models.BooleanField(default=False)

    class Meta:
        indexes: ClassVar[list] = [models.Index(fields=["entry", "replaced_in"])]

    def __str__(self):
        return f"{self.entry} before v{self.replaced_in}"
