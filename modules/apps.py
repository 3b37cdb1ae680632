from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = _("Program")

    def ready(self):
        import reversion

        from modules.models import (
            Choice,
            GlossaryTerm,
            Helpline,
            MotivationPrompt,
            Page,
            Program,
            Question,
            Stage,
            Step,
        )

        # Every change to program content is kept as a revision (who, when,
        # what). A stage's revision includes its steps, and a step's its
        # questions, choices and prompts, so restoring or undeleting one
        # brings the whole of it back.
        reversion.register(Choice)
        reversion.register(MotivationPrompt)
        reversion.register(Question, follow=["choices", "prompts"])
        reversion.register(Step, follow=["questions"])
        reversion.register(Stage, follow=["steps"])
        reversion.register(Program)
        reversion.register(Page)
        reversion.register(GlossaryTerm)
        reversion.register(Helpline)

        from django.db.models.signals import post_delete, post_save

        from modules import content_cache

        for model in (
            Program,
            Stage,
            Step,
            Question,
            Choice,
            MotivationPrompt,
            Page,
            GlossaryTerm,
            Helpline,
        ):
            post_save.connect(
                content_cache.clear,
                sender=model,
                dispatch_uid=f"cache-{model.__name__}-save",
            )
            post_delete.connect(
                content_cache.clear,
                sender=model,
                dispatch_uid=f"cache-{model.__name__}-delete",
            )
