"""Bring the live catalogues up to date with this release and compile them
into this server's directory now.

Replaces Django's own ``compilemessages`` (no gettext tools needed). The
catalogues live in the database: this first merges the release's .po files
into them exactly as ``mergecatalogues`` does (new strings added, staff
translations kept; a second run changes nothing), so the install and upgrade
steps that call ``compilemessages`` keep working, then compiles. A running
server also compiles by itself within a second of any change (``live.py``).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from modules.translations import live


class Command(BaseCommand):
    help = (
        "Merge the release's catalogues into the database (as mergecatalogues) and "
        "compile the live catalogues into SELFHELP_LOCALE_DIR."
    )

    def add_arguments(self, parser):
        # Accepted for compatibility with Django's command; every language is compiled.
        parser.add_argument("--locale", "-l", action="append", default=[])

    def handle(self, *args, **options):
        call_command("mergecatalogues", verbosity=options["verbosity"])
        live.forget()
        live.refresh()
        if options["verbosity"] > 0:
            self.stdout.write("Compiled the live catalogues.")
