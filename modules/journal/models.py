"""What help-seekers leave behind: one encrypted journal each."""

import datetime

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def today() -> datetime.date:
    """The only time the journal keeps: the day (so nothing stored can be
    lined up with traffic)."""
    return timezone.now().date()


class Journal(models.Model):
    """One visitor's answers and progress, as a single encrypted record.

    Nothing here says whose it is: the key is not stored (it is in the
    visitor's cookie, or derived from their save code), the lookup id is
    random (or derived from the code), and only the day of last use is kept.
    On SQLite the table has no rowid (migration 0002), so not even the order
    in which journals were made is kept.

    ``replaces`` is set only for a moment: a journal just saved under a new
    code names the record it copies, which is deleted once the visitor's
    browser comes back with the new cookie, or the new code is used (see
    ``JournalSession``). Until then both work, so a lost response never
    loses a journal.
    """

    lookup = models.CharField(_("lookup id"), max_length=64, primary_key=True)
    ciphertext = models.BinaryField(_("encrypted record"))
    is_saved = models.BooleanField(_("saved with a code"), default=False)
    last_used = models.DateField(_("last used (day)"))
    replaces = models.CharField(
        _("replaces, until confirmed"), max_length=64, blank=True, default=""
    )

    class Meta:
        verbose_name = _("journal")
        verbose_name_plural = _("journals")
        indexes = (
            models.Index(fields=["is_saved", "last_used"], name="journal_expiry_idx"),
            models.Index(
                fields=["replaces"],
                name="journal_replaces_idx",
                condition=~Q(replaces=""),
            ),
        )

    def __str__(self):
        return _("Encrypted journal")


def _checkpoint():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def scrub_deleted():
    """Make deleted journals unrecoverable from the database's files.

    SQLite (with ``PRAGMA secure_delete``, see settings) overwrites a deleted
    record in the database file with zeros, but earlier copies of its pages
    stay in the write-ahead log until a checkpoint: this copies the log into
    the file and truncates the log to nothing, once the deletion is
    committed. PostgreSQL keeps deleted rows in its files until VACUUM
    reclaims them (autovacuum does, usually within minutes; docs/deploy.md
    says how to run it), and the privacy page says so.
    """
    if connection.vendor == "sqlite":
        transaction.on_commit(_checkpoint)


def delete_journals(lookup: str) -> None:
    """Delete the journal ``lookup`` and any copy of it under a new code that
    its visitor never came back for."""
    Journal.objects.filter(Q(lookup=lookup) | Q(replaces=lookup)).delete()
    scrub_deleted()


def purge(now_day: datetime.date | None = None) -> dict[str, int]:
    """Delete journals unused for longer than their lifetime."""
    now_day = now_day or today()
    unsaved_cutoff = now_day - datetime.timedelta(days=settings.JOURNAL_UNSAVED_DAYS)
    saved_cutoff = now_day - datetime.timedelta(days=settings.JOURNAL_SAVED_DAYS)
    unsaved, _ = Journal.objects.filter(
        is_saved=False, last_used__lt=unsaved_cutoff
    ).delete()
    saved, _ = Journal.objects.filter(
        is_saved=True, last_used__lt=saved_cutoff
    ).delete()
    # A copy whose original is gone has nothing left to replace: forget the link.
    Journal.objects.exclude(replaces="").exclude(
        replaces__in=Journal.objects.values("lookup")
    ).update(replaces="")
    scrub_deleted()
    return {"unsaved": unsaved, "saved": saved}
