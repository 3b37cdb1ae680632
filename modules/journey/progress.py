"""My progress from the first answer: how much of each track is done, and
the ratings a track asks more than once (the self-check at its start and
end, the readiness ruler) side by side, filling in as the visitor goes."""

from modules.content import selectors
from modules.content.models import Question, Step
from modules.journey.outline import outline


def track_progress(tracks, journal_data, *, preview=False):
    """For each track the visitor has started: steps and stages done, and its
    rating comparisons."""
    # Only the tracks the visitor has answered in (one query), so that the
    # page costs the same however many tracks the site has.
    started = set(
        Step.objects.filter(uuid__in=list(journal_data["answers"]))
        .values_list("stage__track_id", flat=True)
        .distinct()
    )
    result = []
    for track in tracks:
        if track.id not in started:
            continue
        full = selectors.track_with_stages(track.slug, preview=preview)
        if full is None:
            continue
        place = outline(full, journal_data)
        if not place.completed:
            continue
        stages = place.stages
        result.append(
            {
                "track": full,
                "steps_done": place.completed,
                "steps_total": place.total,
                "stages_done": sum(1 for s in stages if place.is_stage_done(s)),
                "stages_total": len(stages),
                "next_url": place.next_step_url(),
                "comparisons": rating_comparisons(full, journal_data),
            }
        )
    return result


def rating_comparisons(track, journal_data):
    """Rating questions asked in more than one scale step of ``track`` (by
    key), grouped by the steps that ask them: each row has the question, its
    value in each of those steps (None: not yet) and the change so far."""
    steps = (
        Step.objects.filter(stage__track=track, kind=Step.Kind.SCALE, is_published=True)
        .select_related("stage")
        .prefetch_related("questions")
        .order_by("stage__position", "position")
    )
    asked = {}
    for step in steps:
        for question in step.questions.all():
            if question.input == Question.Input.RATING:
                asked.setdefault(question.key, []).append((step, question))
    answers = journal_data["answers"]
    groups = {}
    for pairs in asked.values():
        if len(pairs) < 2:
            continue
        values = []
        for step, question in pairs:
            value = answers.get(str(step.uuid), {}).get("q", {}).get(question.key)
            values.append(value if isinstance(value, int) else None)
        given = [v for v in values if v is not None]
        group = groups.setdefault(
            tuple(step.id for step, _q in pairs),
            {"steps": [step for step, _q in pairs], "rows": []},
        )
        group["rows"].append(
            {
                "question": pairs[0][1],
                "values": values,
                "change": given[-1] - given[0] if len(given) > 1 else None,
            }
        )
    return [
        group
        for group in groups.values()
        if any(v is not None for row in group["rows"] for v in row["values"])
    ]
