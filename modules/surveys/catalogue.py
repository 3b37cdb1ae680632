"""The surveys' text, walked for the content catalogues (content.po).

``content.registry.register_catalogue_source`` takes this walk in
``SurveysConfig.ready()``, so content and translations need not know that
surveys exist.
"""

from modules.surveys.models import Survey


def survey_entries():
    """``(context, source text, where it appears)`` for every survey text."""
    for survey in Survey.objects.prefetch_related("questions__choices"):
        where = f'Survey "{survey.slug}"'
        yield from survey.catalogue_entries(where)
        for question in survey.questions.all():
            q_where = f'{where} > question "{question.key}"'
            yield from question.catalogue_entries(q_where)
            for choice in question.choices.all():
                yield from choice.catalogue_entries(
                    f'{q_where} > choice "{choice.key}"'
                )
