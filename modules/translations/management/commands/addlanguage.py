from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation.trans_real import language_code_re

from modules.translations import newlanguage
from modules.translations.files import SOURCE_LANGUAGE, release_po_path


class Command(BaseCommand):
    help = (
        "Start a new language: create its program and interface catalogues in the "
        "database (every entry untranslated, the language's plural rule in the "
        "header) and write them to locale/<code>/LC_MESSAGES/ for Poedit or "
        "Weblate. No gettext tools needed. Visitors are offered the language once "
        "it is in SELFHELP_LANGUAGES and both catalogues are complete."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="The language code, e.g. sv or pt-br.")
        parser.add_argument(
            "--no-files",
            action="store_true",
            help="Only the database: write no .po files.",
        )

    def handle(self, *args, code, no_files, **options):
        code = code.strip().lower()
        if not language_code_re.match(code) or code == SOURCE_LANGUAGE:
            raise CommandError(
                f"{code!r} cannot be added: give a language code such as sv or pt-br "
                f"(and not {SOURCE_LANGUAGE}, the language the program is written in)."
            )
        counts = newlanguage.start(code, write_files=not no_files)
        self.stdout.write(
            f"{code}: {counts['content']} program texts and {counts['django']} "
            "interface texts to translate."
        )
        if not no_files:
            for domain in counts:
                self.stdout.write(f"wrote {release_po_path(code, domain)}")
        if code not in dict(settings.LANGUAGES):
            self.stdout.write(
                f"Add {code} to SELFHELP_LANGUAGES and restart the site to translate "
                "it in the admin; visitors see it once it is complete."
            )
