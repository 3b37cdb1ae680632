""" "Download my workbook": everything the visitor wrote, as a plain text file
in their language. It holds no site address, name or other trace beyond the
program's own words and the visitor's answers."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from modules import journey
from modules.content_i18n import translate
from modules.models import Program, Question, Stage, Step


def _heading(text, underline):
    return [text, underline * max(len(text), 3), ""]


def _indent(text, prefix="    "):
    return (
        "\n".join(prefix + line if line else "" for line in str(text).splitlines())
        or prefix
    )


def workbook_text(data) -> str:
    lines = _heading(_("My workbook"), "=")
    lines += [
        _("Everything you wrote in the program. Keep this file somewhere private."),
        "",
    ]
    answered = data["answers"]
    if answered:
        questions = Question.objects.prefetch_related("choices")
        steps = Step.objects.filter(
            is_published=True, uuid__in=list(answered)
        ).prefetch_related(Prefetch("questions", queryset=questions))
        stages = Stage.objects.filter(is_published=True).prefetch_related(
            Prefetch("steps", queryset=steps)
        )
        programs = Program.objects.filter(is_published=True).prefetch_related(
            Prefetch("stages", queryset=stages)
        )
        programs = list(programs)
        checks = journey.self_check_by_program(programs, data)
        for program in programs:
            program_lines = []
            for number, stage in enumerate(program.stages.all(), start=1):
                stage_lines = []
                for step in stage.steps.all():
                    rows = [r for r in journey.step_answers(step, data) if r["answer"]]
                    if not rows:
                        continue
                    stage_lines += [f"### {translate(step, 'title').text}", ""]
                    for row in rows:
                        stage_lines += [
                            translate(row["question"], "text").text,
                            _indent(row["answer"]),
                            "",
                        ]
                if stage_lines:
                    program_lines += _heading(
                        _("Stage %(number)d: %(title)s")
                        % {"number": number, "title": translate(stage, "title").text},
                        "-",
                    )
                    program_lines += stage_lines
            if program_lines:
                lines += _heading(translate(program, "title").text, "=")
                lines += program_lines
                rows = checks.get(program.id, [])
                if rows:
                    lines += _heading(_("Self-check: start and end"), "-")
                    for row in rows:
                        lines.append(
                            _(
                                "%(question)s: %(before)s at the start, %(after)s at the end"
                            )
                            % {
                                "question": translate(row["question"], "text").text,
                                "before": row["before"],
                                "after": row["after"],
                            }
                        )
                    lines.append("")
    sections = journey.plan_sections(data)
    if sections:
        lines += _heading(_("My plan"), "=")
        for section in sections:
            lines += [f"## {section['heading']}", ""]
            for item in section["items"]:
                lines += [_indent(item["answer"], "- "), ""]
    if data["diary"]:
        lines += _heading(_("Urge diary"), "=")
        for entry in data["diary"]:
            lines.append(
                _("%(day)s: strength %(strength)s of 10")
                % {"day": entry["d"], "strength": entry["strength"]}
            )
            for key, label in (
                ("situation", _("Situation")),
                ("did", _("What I did")),
                ("helped", _("What helped")),
            ):
                if entry.get(key):
                    lines += [f"  {label}:", _indent(entry[key])]
            lines.append("")
    if len(lines) <= 5:
        lines.append(_("You have not written anything yet."))
    return "\n".join(lines).rstrip() + "\n"
