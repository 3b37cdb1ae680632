from django.core.management.base import BaseCommand, CommandError

from modules.content.loader import ProgramFileError
from modules.surveys.loader import SURVEYS_DIR, load_surveys
from modules.surveys.models import Survey


class Command(BaseCommand):
    help = (
        "Install the default surveys kept in modules/surveys/program/ (after "
        "loadprogram: some are offered in its tracks). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if any survey is already installed.",
        )
        parser.add_argument("--directory", default=str(SURVEYS_DIR))

    def handle(self, *args, **options):
        if options["if_empty"] and Survey.objects.exists():
            return
        try:
            surveys = load_surveys(options["directory"])
        except (ProgramFileError, KeyError) as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] > 0:
            self.stdout.write(f"Loaded {len(surveys)} surveys.")
