from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from modules.content.loader import PROGRAM_DIR, ProgramFileError
from modules.content.signals import content_changed
from modules.content.upgrade import upgrade


class Command(BaseCommand):
    help = (
        "Bring a new release's default program into a live site without "
        "overwriting anything: new items arrive unpublished, changed items are "
        "offered in their History, local edits and withdrawals are kept. "
        "Prints what it did. (For a fresh database use loadprogram.)"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            default=str(PROGRAM_DIR),
            help="Where the new release's program files are.",
        )

    def handle(self, *args, **options):
        try:
            report = upgrade(options["directory"])
        except ProgramFileError as exc:
            raise CommandError(str(exc)) from exc
        # New and proposed English text reaches the translators' catalogues.
        content_changed.send(sender=type(self))
        for line in report.lines():
            self.stdout.write(line)
        # The release's translations come in the same step: new strings
        # added, staff translations kept, changed English marked for review
        # (called by name: content imports nothing of the translations app).
        call_command("mergecatalogues", stdout=self.stdout)
