"""The visitor's answers: saving a step, what answers it (feedback and
prompts), and showing answers again on summaries, My plan and progress.

Answers live in the journal (``request.journal.data``) as
``answers[<step uuid>] = {"q": {<question key>: value}, "other": {...}}``:
text for free text, an int for a rating, a choice key for "pick one", a list
of choice keys for "pick any".
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from modules.content import cache as content_cache
from modules.content.models import Question, Step
from modules.journal.models import today
from modules.journey.forms import OTHER
from modules.journey.signals import progress_made
from modules.translations.lookup import translate


def save_step(journal, step, answers, outline) -> bool:
    """Store a step's answers (``None`` for a reading step, which is only
    marked done); returns True the first time this visitor completes it.

    Completing a step, then its whole stage, then its whole track is each
    announced once (the staff side counts them by week, anonymously).
    """
    key = str(step.uuid)
    # All or nothing, from the journal's latest version (another tab may
    # have saved a step meanwhile). Raises JournalFull if there is no room.
    with journal.changing() as data:
        if answers is not None:
            data["answers"][key] = answers
            day = today().isoformat()
            for question in step.questions.all():
                value = answers["q"].get(question.key)
                if question.input == Question.Input.RATING and isinstance(value, int):
                    data["history"].append(
                        {"d": day, "s": key, "k": question.key, "v": value}
                    )
        first = key not in data["done"]
        if first:
            data["done"].append(key)
            _announce_progress(step, outline)
        data["last"] = key
    return first


def _announce_progress(step, outline):
    outline.done.add(str(step.uuid))
    progress_made.send(sender=Step, what="step", subject=step)
    stage = outline.stage_of(step)
    if outline.is_stage_done(stage):
        progress_made.send(sender=Step, what="stage", subject=stage)
        if all(outline.is_done(s) for s in outline.steps):
            progress_made.send(sender=Step, what="track", subject=outline.track)


def reactions(step, saved):
    """The quiz feedback and motivation prompts that answer what was saved."""
    feedback, prompts = [], []
    values = saved.get("q", {}) if saved else {}
    for question in step.questions.all():
        value = values.get(question.key)
        if value is None:
            continue
        if question.input == Question.Input.SINGLE:
            for choice in question.choices.all():
                if choice.key == value and choice.feedback:
                    feedback.append({"question": question, "choice": choice})
        picked = (
            value
            if isinstance(value, list)
            else [value]
            if isinstance(value, str)
            else value
        )
        for prompt in question.prompts.all():
            if prompt.matches(picked):
                prompts.append(
                    {
                        "prompt": prompt,
                        "rating": value if isinstance(value, int) else "",
                    }
                )
    return feedback, prompts


def display_answer(question, value, other=""):
    """An answer as text in the visitor's language."""
    if value is None or value == "" or value == []:
        return ""
    if question.input == Question.Input.RATING:
        return _("%(rating)s of 10") % {"rating": value}
    if question.has_choices:
        by_key = {c.key: c for c in question.choices.all()}
        keys = value if isinstance(value, list) else [value]
        texts = []
        for key in keys:
            if key == OTHER:
                texts.append(other or _("Something else"))
            elif key in by_key:
                texts.append(translate(by_key[key], "text").text)
        return "; ".join(texts)
    return str(value)


def step_answers(step, journal_data):
    saved = journal_data["answers"].get(str(step.uuid), {})
    rows = []
    for question in step.questions.all():
        text = display_answer(
            question,
            saved.get("q", {}).get(question.key),
            saved.get("other", {}).get(question.key, ""),
        )
        rows.append({"question": question, "answer": text})
    return rows


def stage_questions(stage):
    """Every question of a stage's published steps, with choices (for summaries)."""
    return (
        Step.objects.filter(stage=stage, is_published=True)
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.prefetch_related("choices"))
        )
        .order_by("position", "id")
    )


def _plan_questions():
    """Every published question with a plan heading, in the plan's order. The
    same for every visitor, so kept with the content (and forgotten with it
    when content changes) instead of queried for each My plan page."""
    return content_cache.cached(
        ("plan-questions",),
        lambda: list(
            Question.objects.exclude(plan_heading="")
            .filter(step__is_published=True)
            .select_related("step__stage__track")
            .prefetch_related("choices")
            .order_by(
                "step__stage__track__position",
                "step__stage__position",
                "step__position",
                "position",
            )
        ),
    )


def plan_sections(journal_data):
    """My plan: every answer to a question with a plan heading, by heading."""
    answered = journal_data["answers"]
    if not answered:
        return []
    questions = [q for q in _plan_questions() if str(q.step.uuid) in answered]
    sections = {}
    for question in questions:
        saved = answered.get(str(question.step.uuid), {})
        text = display_answer(
            question,
            saved.get("q", {}).get(question.key),
            saved.get("other", {}).get(question.key, ""),
        )
        if not text:
            continue
        heading = translate(question, "plan_heading").text
        sections.setdefault(heading, []).append({"question": question, "answer": text})
    return [{"heading": heading, "items": items} for heading, items in sections.items()]


def self_check_rows(track, journal_data):
    """Start and end self-check ratings side by side, matched by question key."""
    return self_check_by_track([track], journal_data).get(track.id, [])


def self_check_by_track(tracks, journal_data):
    """``self_check_rows`` for several tracks at once, in two queries."""
    steps = (
        Step.objects.filter(stage__track__in=tracks, self_check__in=["start", "end"])
        .select_related("stage")
        .prefetch_related("questions")
        .order_by("stage__position", "position")
    )
    pairs = {}
    for step in steps:
        pairs.setdefault(step.stage.track_id, {}).setdefault(step.self_check, step)
    result = {}
    for track_id, pair in pairs.items():
        start, end = pair.get("start"), pair.get("end")
        if start is None or end is None:
            continue
        start_answers = journal_data["answers"].get(str(start.uuid), {}).get("q", {})
        end_answers = journal_data["answers"].get(str(end.uuid), {}).get("q", {})
        rows = []
        for question in start.questions.all():
            before = start_answers.get(question.key)
            after = end_answers.get(question.key)
            if isinstance(before, int) and isinstance(after, int):
                rows.append(
                    {
                        "question": question,
                        "before": before,
                        "after": after,
                        "change": after - before,
                    }
                )
        if rows:
            result[track_id] = rows
    return result


def rating_history(journal_data):
    """Ratings the visitor gave more than once, each as a series of (day, value)."""
    series = {}
    for item in journal_data.get("history", []):
        series.setdefault((item["s"], item["k"]), []).append((item["d"], item["v"]))
    repeated = {key: points for key, points in series.items() if len(points) > 1}
    if not repeated:
        return []
    questions = {
        (str(q.step.uuid), q.key): q
        for q in Question.objects.filter(
            step__uuid__in={s for s, _k in repeated}
        ).select_related("step")
    }
    result = []
    for key, points in repeated.items():
        question = questions.get(key)
        if question is not None:
            result.append({"question": question, "points": points})
    return result
