"""Compile every .po catalogue in LOCALE_PATHS to .mo, in pure Python.

This replaces Django's own ``compilemessages`` so that a fresh machine needs
no GNU gettext tools. Program content (``content.po``) keeps its fuzzy
entries: a stale translation is still shown until a translator reviews it.
Interface strings (``django.po``) leave fuzzy entries out, as msgfmt does.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from modules.translations.files import DOMAIN, compile_po, write_atomically


class Command(BaseCommand):
    help = "Compile .po files to .mo files (no gettext tools needed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--locale",
            "-l",
            action="append",
            default=[],
            help="Language(s) to compile (default: all).",
        )
        parser.add_argument(
            "--exclude",
            "-x",
            action="append",
            default=[],
            help="Language(s) to leave out.",
        )
        parser.add_argument(
            "--use-fuzzy",
            "-f",
            action="store_true",
            help="Also compile fuzzy interface strings.",
        )

    def handle(self, *args, **options):
        count = 0
        for base in settings.LOCALE_PATHS:
            for po_file in sorted(Path(base).glob("*/LC_MESSAGES/*.po")):
                lang = po_file.parent.parent.name
                if options["locale"] and lang not in options["locale"]:
                    continue
                if lang in options["exclude"]:
                    continue
                try:
                    po = polib.pofile(str(po_file))
                except (OSError, ValueError) as exc:
                    raise CommandError(f"{po_file}: {exc}") from exc
                include_fuzzy = po_file.stem == DOMAIN or options["use_fuzzy"]
                write_atomically(
                    po_file.with_suffix(".mo"),
                    compile_po(po, include_fuzzy=include_fuzzy),
                )
                count += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"compiled {po_file}")
        if options["verbosity"] > 0:
            self.stdout.write(f"Compiled {count} catalogue(s).")
