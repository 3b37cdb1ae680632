"""What help-seekers leave behind: one encrypted journal each, and the
site-wide count of failed save-code checks."""

import datetime

from django.conf import settings
from django.db import models
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
    """

    lookup = models.CharField(_("lookup id"), max_length=64, primary_key=True)
    ciphertext = models.BinaryField(_("encrypted record"))
    is_saved = models.BooleanField(_("saved with a code"), default=False)
    last_used = models.DateField(_("last used (day)"))

    class Meta:
        verbose_name = _("journal")
        verbose_name_plural = _("journals")
        indexes = (
            models.Index(fields=["is_saved", "last_used"], name="journal_expiry_idx"),
        )

    def __str__(self):
        return _("Encrypted journal")


class CodeThrottle(models.Model):
    """How many code checks failed in the current minute, site-wide. Rows
    older than a minute are deleted as soon as a new failure comes in."""

    minute = models.BigIntegerField(_("minute"), unique=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)

    class Meta:
        verbose_name = _("code check throttle")
        verbose_name_plural = _("code check throttles")

    def __str__(self):
        return f"{self.failures}"


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
    CodeThrottle.objects.all().delete()  # only ever holds the current minute
    return {"unsaved": unsaved, "saved": saved}
