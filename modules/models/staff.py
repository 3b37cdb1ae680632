"""Staff sign-in: accounts are locked by username after repeated failures,
never by IP address (which is never read)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffSignInLock(models.Model):
    username = models.CharField(_("username"), max_length=150, unique=True)
    failures = models.PositiveIntegerField(_("failed sign-ins in a row"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff sign-in lock")
        verbose_name_plural = _("staff sign-in locks")

    def __str__(self):
        return self.username
