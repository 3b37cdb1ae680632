from django.conf import settings
from django.core.management.base import BaseCommand

from modules.journal.models import purge


class Command(BaseCommand):
    help = (
        "Delete journals unused for too long: never-saved ones after "
        "SELFHELP_JOURNAL_UNSAVED_DAYS days (their key was only in a cookie), "
        "ones saved with a code after SELFHELP_JOURNAL_SAVED_DAYS days. Run daily."
    )

    def handle(self, *args, **options):
        counts = purge()
        if options["verbosity"] > 0:
            self.stdout.write(
                f"Deleted {counts['unsaved']} unsaved journal(s) unused for over "
                f"{settings.JOURNAL_UNSAVED_DAYS} day(s) and {counts['saved']} saved journal(s) "
                f"unused for over {settings.JOURNAL_SAVED_DAYS} days."
            )
