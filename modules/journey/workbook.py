""" "Download my workbook": everything the visitor wrote, as a plain text file
in their language. It holds no site address, name or other trace beyond the
program's own words and the visitor's answers."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from modules.content.models import Question, Stage, Step, Track
from modules.journey import answers
from modules.journey import plan as my_plan
from modules.translations.lookup import translate


def _heading(text, underline):
    return [text, underline * max(len(text), 3), ""]


def _indent(text, prefix="    "):
    return (
        "\n".join(prefix + line if line else "" for line in str(text).splitlines())
        or prefix
    )


def _answered_tracks(answered):
    """Published tracks with only the steps the visitor answered (four queries)."""
    questions = Question.objects.prefetch_related("choices")
    steps = Step.objects.filter(
        is_published=True, uuid__in=list(answered)
    ).prefetch_related(Prefetch("questions", queryset=questions))
    stages = Stage.objects.filter(is_published=True).prefetch_related(
        Prefetch("steps", queryset=steps)
    )
    return list(
        Track.objects.filter(is_published=True).prefetch_related(
            Prefetch("stages", queryset=stages)
        )
    )


def _stage_lines(stage, data):
    lines = []
    for step in stage.steps.all():
        rows = [r for r in answers.step_answers(step, data) if r["answer"]]
        if not rows:
            continue
        lines += [f"### {translate(step, 'title').text}", ""]
        for row in rows:
            lines += [
                translate(row["question"], "text").text,
                _indent(row["answer"]),
                "",
            ]
    return lines


def _self_check_lines(rows):
    if not rows:
        return []
    lines = _heading(_("Self-check: start and end"), "-")
    for row in rows:
        lines.append(
            _("%(question)s: %(before)s at the start, %(after)s at the end")
            % {
                "question": translate(row["question"], "text").text,
                "before": row["before"],
                "after": row["after"],
            }
        )
    return [*lines, ""]


def _track_lines(data):
    if not data["answers"]:
        return []
    tracks = _answered_tracks(data["answers"])
    checks = answers.self_check_by_track(tracks, data)
    lines = []
    for track in tracks:
        track_lines = []
        for number, stage in enumerate(track.stages.all(), start=1):
            stage_lines = _stage_lines(stage, data)
            if stage_lines:
                title = translate(stage, "title").text
                track_lines += _heading(
                    _("Stage %(number)d: %(title)s")
                    % {"number": number, "title": title},
                    "-",
                )
                track_lines += stage_lines
        if track_lines:
            lines += _heading(translate(track, "title").text, "=")
            lines += track_lines
            lines += _self_check_lines(checks.get(track.id, []))
    return lines


def _plan_lines(data):
    sections = [s for s in my_plan.plan_sections(data) if s["items"]]
    helpline = my_plan.chosen_helpline(data)
    if not sections and helpline is None:
        return []
    lines = _heading(_("My plan"), "=")
    for section in sections:
        lines += [f"## {section['heading']}", ""]
        lines += [_indent(item, "- ") for item in section["items"]]
        lines += [""]
    if helpline is not None:
        lines += [f"## {_('My helpline')}", "", helpline.name]
        lines += [f"- {contact.value}" for contact in helpline.contacts.all()]
        lines += [""]
    return lines


def _diary_lines(data):
    if not data["diary"]:
        return []
    lines = _heading(_("Urge diary"), "=")
    labels = (
        ("situation", _("Situation")),
        ("did", _("What I did")),
        ("helped", _("What helped")),
    )
    for entry in data["diary"]:
        lines.append(
            _("%(day)s: strength %(strength)s of 10")
            % {"day": entry["d"], "strength": entry["strength"]}
        )
        for key, label in labels:
            if entry.get(key):
                lines += [f"  {label}:", _indent(entry[key])]
        lines.append("")
    return lines


def workbook_text(data) -> str:
    lines = _heading(_("My workbook"), "=")
    lines += [
        _("Everything you wrote in the program. Keep this file somewhere private."),
        "",
    ]
    written = _track_lines(data) + _plan_lines(data) + _diary_lines(data)
    lines += written or [_("You have not written anything yet.")]
    return "\n".join(lines).rstrip() + "\n"
