from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "modules.content"
    label = "content"
    verbose_name = _("Program")

    def ready(self):
        import reversion

        from modules.content import cache
        from modules.content.registry import CONTENT_MODELS, REVISION_FOLLOWS

        for model in CONTENT_MODELS:
            # Every change is kept as a revision (who, when, what).
            reversion.register(model, follow=REVISION_FOLLOWS.get(model, ()))
            # Saving or deleting content clears this process's content cache
            # and tells every other process (cache.py).
            for signal in (post_save, post_delete):
                signal.connect(
                    cache.changed,
                    sender=model,
                    dispatch_uid=f"content-cache-{model.__name__}-{signal}",
                )
