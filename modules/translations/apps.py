from django.apps import AppConfig
from django.core.signals import request_started
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "modules.translations"
    label = "translations"
    verbose_name = _("Translations")

    def ready(self):
        # Models can be imported only once the app registry is ready.
        from modules.content.signals import content_changed
        from modules.translations import live
        from modules.translations.sync import export_after_commit

        content_changed.connect(export_after_commit, dispatch_uid="export-content")
        # Before the language is activated (LocaleMiddleware), so a request
        # that notices a changed interface catalogue already uses it.
        request_started.connect(live.on_request, dispatch_uid="live-catalogues")
