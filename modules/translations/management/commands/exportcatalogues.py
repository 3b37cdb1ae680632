from pathlib import Path

from django.core.management.base import BaseCommand

from modules.translations.release import export_release


class Command(BaseCommand):
    help = (
        "Write the live catalogues (content and interface, every language) as .po "
        "files into DIR/<lang>/LC_MESSAGES/, e.g. to bring a live site's "
        "translations into the repository's locale/."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", type=Path, metavar="DIR")

    def handle(self, *args, target, **options):
        for path in export_release(target):
            if options["verbosity"] > 0:
                self.stdout.write(f"wrote {path}")
