from django.conf import settings
from django.core.management.base import BaseCommand

from modules.messaging.models import purge


class Command(BaseCommand):
    help = (
        "Delete conversations closed more than SELFHELP_MESSAGING_CLOSED_DAYS days "
        "ago, and those whose visitor has not been back for "
        "SELFHELP_JOURNAL_SAVED_DAYS days. Run daily, with purge."
    )

    def handle(self, *args, **options):
        counts = purge()
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Deleted {counts['closed']} conversation(s) closed over "
                f"{settings.MESSAGING_CLOSED_DAYS} day(s) ago and "
                f"{counts['abandoned']} abandoned one(s)."
            )
