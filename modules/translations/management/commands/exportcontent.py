from pathlib import Path

from django.core.management.base import BaseCommand

from modules.translations.release import export_release
from modules.translations.sync import export_all


class Command(BaseCommand):
    help = (
        "Bring the live content catalogues in line with the program in the "
        "database: new text is added, changed text keeps its translation marked "
        "fuzzy, removed text becomes obsolete. With --to DIR, then write every "
        "catalogue as .po files there (see exportcatalogues)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", type=Path, default=None, metavar="DIR")

    def handle(self, *args, to, **options):
        for lang, counts in export_all().items():
            if options["verbosity"] > 0:
                self.stdout.write(
                    f"{lang}: {counts['new']} new, {counts['changed']} changed (now fuzzy), "
                    f"{counts['obsolete']} obsolete"
                )
        if to is not None:
            for path in export_release(to):
                if options["verbosity"] > 0:
                    self.stdout.write(f"wrote {path}")
