"""Reads of published surveys."""

from django.db.models import Prefetch

from modules.surveys.models import Survey, SurveyQuestion


def _with_questions(surveys):
    return surveys.prefetch_related(
        Prefetch(
            "questions",
            queryset=SurveyQuestion.objects.select_related(
                "show_if__question"
            ).prefetch_related("choices"),
        )
    )


def published_survey(slug, *, preview=False):
    """The published survey at ``slug`` with its questions (or a draft, for
    staff previewing), or None."""
    surveys = Survey.objects.visible(preview=preview).filter(slug=slug)
    return _with_questions(surveys).first()


def offered_survey(track, at):
    """The published survey a track offers at its start or end, or None."""
    if track is None:
        return None
    return (
        Survey.objects.published()
        .filter(track_id=track.pk, offer_at=at)
        .order_by("slug")
        .first()
    )
