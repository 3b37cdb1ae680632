"""Throttling save-code guesses, without knowing who guesses.

No IP address is ever read, so the limit is site-wide: after
SELFHELP_CODE_FAILURES_PER_MINUTE failed checks in a minute, every check
waits for the next minute. Only the current minute's count is kept.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from modules.journal.models import CodeThrottle


def _minute() -> int:
    return int(timezone.now().timestamp() // 60)


def too_many_failures() -> bool:
    """Whether the site-wide limit of failed code checks this minute is reached."""
    row = CodeThrottle.objects.filter(minute=_minute()).first()
    return bool(row and row.failures >= settings.CODE_FAILURES_PER_MINUTE)


def record_failure():
    minute = _minute()
    # Keep only the current minute: nothing here can be lined up with traffic later.
    CodeThrottle.objects.filter(minute__lt=minute - 1).delete()
    if CodeThrottle.objects.filter(minute=minute).update(failures=F("failures") + 1):
        return
    try:
        with transaction.atomic():
            CodeThrottle.objects.create(minute=minute, failures=1)
    except IntegrityError:
        CodeThrottle.objects.filter(minute=minute).update(failures=F("failures") + 1)
