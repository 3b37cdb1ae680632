from django.core.management.base import BaseCommand, CommandError

from modules.content.loader import PROGRAM_DIR, Loader, ProgramFileError
from modules.content.models import Track


class Command(BaseCommand):
    help = (
        "Install the default program kept in modules/content/program/ (English text; "
        "translations come from locale/*/LC_MESSAGES/content.po). Safe to run "
        "again: it updates the same rows, overwriting admin edits to them (on a "
        "live site use upgradeprogram, which keeps them)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if a program is already installed.",
        )
        parser.add_argument(
            "--directory",
            default=str(PROGRAM_DIR),
            help="Where the program's files are.",
        )

    def handle(self, *args, **options):
        if options["if_empty"] and Track.objects.exists():
            if options["verbosity"] > 1:
                self.stdout.write(
                    "A program is already installed; leaving it as it is."
                )
            return
        try:
            counts = Loader(options["directory"]).load()
        except ProgramFileError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] > 0:
            self.stdout.write(
                "Loaded " + ", ".join(f"{n} {name}" for name, n in counts.items()) + "."
            )
