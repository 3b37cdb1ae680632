from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "modules.messaging"
    label = "messaging"
    verbose_name = _("Messages with counsellors")

    def ready(self):
        # Models can be imported only once the app registry is ready.
        from modules.content.registry import register_catalogue_source
        from modules.journal.signals import journal_deleted
        from modules.messaging.catalogue import opening_entries
        from modules.messaging.receivers import delete_with_journal

        journal_deleted.connect(delete_with_journal, dispatch_uid="messaging-delete")
        # Reply openings are translated like the rest of the program.
        register_catalogue_source(opening_entries)
