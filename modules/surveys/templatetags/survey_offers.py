"""``{% survey_offer track "start" %}``: the survey a track offers at its
start or end, unless this visitor's journal has met it already.

The journey's templates include ``surveys/offer.html``, which uses this tag:
the journey imports nothing of the surveys app, and knows only the name of
a template (see docs/architecture.md)."""

from django import template

from modules.surveys import selectors, services

register = template.Library()


@register.inclusion_tag("surveys/offer_box.html", takes_context=True)
def survey_offer(context, track, at):
    request = context.get("request")
    survey = selectors.offered_survey(track, at)
    if survey is None or request is None or not hasattr(request, "journal"):
        return {"survey": None}
    if services.journal_status(request.journal.data, survey):
        return {"survey": None}
    return {"survey": survey, "at": at, "csrf_token": context.get("csrf_token")}
