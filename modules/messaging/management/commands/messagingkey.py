from django.core.management.base import BaseCommand, CommandError

from modules.messaging import keys
from modules.messaging.management.commands._passphrase import ask, ask_new


class Command(BaseCommand):
    help = (
        "The counsellors' team key. `create` makes the key pair, locked under a new "
        "team passphrase. `rotate` makes a new key pair, re-seals every stored "
        "copy for the team to it and deletes the old one (asks for the current "
        "passphrase, then a new one). Passphrases are read from the terminal, or "
        "one a line from standard input."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=("create", "rotate"))

    def handle(self, *args, action, **options):
        try:
            if action == "create":
                keys.create(ask_new())
                self.stdout.write("Team key created.")
            else:
                current = ask("Current team passphrase: ")
                count = keys.rotate(current, ask_new())
                self.stdout.write(f"Team key rotated; {count} copies re-sealed.")
        except (keys.KeyProblem, ValueError) as problem:
            raise CommandError(str(problem)) from None
