from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "modules.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        import reversion
        from django.db.models.signals import post_delete, post_save

        from modules.content import cache
        from modules.content.registry import register_catalogue_source
        from modules.surveys.catalogue import survey_entries
        from modules.surveys.models import Survey, SurveyChoice, SurveyQuestion

        # Surveys are program content kept in this app: their text joins the
        # translators' catalogues, every change is kept as a revision, and
        # a change clears the content cache like any other content's.
        register_catalogue_source(survey_entries)
        reversion.register(Survey, follow=("questions",))
        reversion.register(SurveyQuestion, follow=("choices",))
        reversion.register(SurveyChoice)
        for model in (Survey, SurveyQuestion, SurveyChoice):
            for signal in (post_save, post_delete):
                signal.connect(
                    cache.clear,
                    sender=model,
                    dispatch_uid=f"surveys-cache-{model.__name__}-{signal}",
                )
