from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "modules.journal"
    label = "journal"
    verbose_name = _("Journals")

    def ready(self):
        from modules.journal import checks  # noqa: F401 (registers the checks)
