from django.core.management.base import BaseCommand, CommandError

from modules.messaging import keys
from modules.messaging.management.commands._passphrase import ask, ask_new


class Command(BaseCommand):
    help = (
        "Change the team passphrase that opens the counsellors' inbox (the key "
        "pair stays). Asks for the current passphrase, then the new one."
    )

    def handle(self, *args, **options):
        try:
            current = ask("Current team passphrase: ")
            keys.change_passphrase(current, ask_new())
        except (keys.KeyProblem, ValueError) as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write("Team passphrase changed.")
