from pathlib import Path

from django.core.management.base import BaseCommand

from modules.content.models import Track
from modules.translations import newlanguage, offered
from modules.translations.files import target_languages
from modules.translations.models import Catalogue
from modules.translations.release import merge_release
from modules.translations.sync import export_all


class Command(BaseCommand):
    help = (
        "Merge the release's catalogues (locale/<lang>/LC_MESSAGES/*.po) into the "
        "live ones in the database: new strings are added, staff translations are "
        "kept, content whose English changed is marked for review. Every server "
        "picks the result up within a second. Run on every upgrade, after migrate "
        "(upgradeprogram calls it)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="source",
            type=Path,
            default=None,
            help="A locale directory other than the release's.",
        )

    def handle(self, *args, source, **options):
        report = merge_release(source)
        started = []
        # Content entries follow the program in the database: text the
        # program has and the release lacks is added as missing, changed
        # English is marked for review.
        if Track.objects.exists():
            # Before the program is loaded every entry would look obsolete.
            export_all()
            # A language the operator added to SELFHELP_LANGUAGES that ships
            # no catalogue: start it, so translators find it in the admin.
            have = set(
                Catalogue.objects.filter(domain="django").values_list("lang", flat=True)
            )
            for lang in target_languages():
                if lang not in have:
                    newlanguage.start(lang, write_files=False)
                    started.append(lang)
        # A language whose catalogues are complete is offered to visitors
        # from now on (offered.py): record it on the upgrade, not at the
        # first request.
        for lang in target_languages():
            for domain in offered.DOMAINS:
                offered.record_if_complete(lang, domain)
        if options["verbosity"] > 0:
            for (lang, domain), counts in report.items():
                self.stdout.write(
                    f"{lang}/{domain}: {counts['added']} added, {counts['updated']} "
                    f"updated from the release, {counts['kept']} staff translations "
                    f"kept, {counts['obsolete']} no longer used"
                )
            for lang in started:
                self.stdout.write(f"{lang}: started, every entry to translate")
