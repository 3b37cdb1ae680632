"""One number that every save of content changes: how each process's content
cache learns that another process (on any server) changed something."""

from django.db import models
from django.db.models import F


class ContentVersion(models.Model):
    """A single row (pk 1) whose ``version`` goes up with each content change."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return str(self.version)

    @classmethod
    def current(cls) -> int:
        return cls.objects.filter(pk=1).values_list("version", flat=True).first() or 0

    @classmethod
    def bump(cls):
        """Count one change, in the saving transaction: other processes see
        the new number exactly when they can see the change."""
        if not cls.objects.filter(pk=1).update(version=F("version") + 1):
            cls.objects.get_or_create(pk=1, defaults={"version": 1})
