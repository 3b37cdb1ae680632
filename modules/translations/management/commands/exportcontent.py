from django.core.management.base import BaseCommand

from modules.translations.sync import export_all


class Command(BaseCommand):
    help = (
        "Write locale/<lang>/LC_MESSAGES/content.po (and .mo) from the program in "
        "the database: new text is added, changed text keeps its translation "
        "marked fuzzy, removed text becomes obsolete."
    )

    def handle(self, *args, **options):
        for lang, counts in export_all().items():
            if options["verbosity"] > 0:
                self.stdout.write(
                    f"{lang}: {counts['new']} new, {counts['changed']} changed (now fuzzy), "
                    f"{counts['obsolete']} obsolete"
                )
