"""The surveys' text, walked for the content catalogues (content.po).

``content.registry.register_catalogue_source`` takes this walk in
``SurveysConfig.ready()``, so content and translations need not know that
surveys exist.
"""

from modules.surveys.models import Survey


def _fields(obj, where):
    for field in obj.translatable_fields:
        text = getattr(obj, field) or ""
        if text.strip():
            yield obj.translation_context(field), text, f"{where} ({field})"


def survey_entries():
    """``(context, source text, where it appears)`` for every survey text."""
    for survey in Survey.objects.prefetch_related("questions__choices"):
        where = f'Survey "{survey.slug}"'
        yield from _fields(survey, where)
        for question in survey.questions.all():
            q_where = f'{where} > question "{question.key}"'
            yield from _fields(question, q_where)
            for choice in question.choices.all():
                yield from _fields(choice, f'{q_where} > choice "{choice.key}"')
