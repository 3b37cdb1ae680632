from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "modules.translations"
    label = "translations"
    verbose_name = _("Translations")

    def ready(self):
        # Models can be imported only once the app registry is ready.
        from modules.content.signals import content_changed
        from modules.translations.sync import export_after_commit

        content_changed.connect(export_after_commit, dispatch_uid="export-content")
