"""Compile the live catalogues into this server's directory now.

Replaces Django's own ``compilemessages``: the catalogues live in the
database, and a running server compiles them by itself within a second of a
change (``live.py``); this does it at once, e.g. after a restore.
"""

from django.core.management.base import BaseCommand

from modules.translations import live


class Command(BaseCommand):
    help = "Compile the database's catalogues into SELFHELP_LOCALE_DIR (no gettext tools needed)."

    def add_arguments(self, parser):
        # Accepted for compatibility with Django's command; every language is compiled.
        parser.add_argument("--locale", "-l", action="append", default=[])

    def handle(self, *args, **options):
        live.forget()
        live.refresh()
        if options["verbosity"] > 0:
            self.stdout.write("Compiled the live catalogues.")
