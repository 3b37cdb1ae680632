"""Install the default surveys from ``modules/surveys/program/*.yaml``.

Every row's key is derived from the survey's slug and the question and
choice keys (as the program's are), so loading again updates the same rows
and their translations in content.po keep matching.
"""

from pathlib import Path

import reversion
from django.db import transaction

from modules.content.loader import ProgramFileError, read_yaml, stable_uuid
from modules.content.models import Track
from modules.surveys.models import Survey, SurveyChoice, SurveyQuestion

SURVEYS_DIR = Path(__file__).resolve().parent / "program"


def _upsert(model, row_uuid, /, **fields):
    obj, _created = model.objects.update_or_create(uuid=row_uuid, defaults=fields)
    return obj


def _track(data, where):
    slug = data.get("track")
    if not slug:
        return None
    track = Track.objects.filter(slug=slug).first()
    if track is None:
        raise ProgramFileError(f"{where}: no track {slug!r} (run loadprogram first)")
    return track


def load_survey(path: Path) -> Survey:
    data = read_yaml(path) or {}
    where = str(path)
    slug = data.get("slug") or path.stem
    survey = _upsert(
        Survey,
        stable_uuid("survey", slug),
        slug=slug,
        title=data["title"],
        intro=data.get("intro", ""),
        consent=data.get("consent", ""),
        stored=data.get("stored", ""),
        thanks=data.get("thanks", ""),
        allows_free_text=bool(data.get("allows_free_text", False)),
        track=_track(data, where),
        offer_at=data.get("offer_at", ""),
        is_published=bool(data.get("published", True)),
    )
    choices = {}
    for position, q_data in enumerate(data.get("questions", [])):
        base = f"{slug}/{q_data['key']}"
        rule = q_data.get("show_if")
        if rule and rule not in choices:
            raise ProgramFileError(
                f"{where}: question {q_data['key']!r}: show_if {rule!r} must name "
                "an earlier question's choice as question.choice"
            )
        question = _upsert(
            SurveyQuestion,
            stable_uuid("survey-question", base),
            survey=survey,
            key=q_data["key"],
            position=position,
            input=q_data.get("input", "single"),
            text=q_data["text"],
            help_text=q_data.get("help_text", ""),
            min_label=q_data.get("min_label", ""),
            max_label=q_data.get("max_label", ""),
            is_optional=bool(q_data.get("optional", True)),
            prefer_not_to_say=bool(q_data.get("prefer_not_to_say", True)),
            show_if=choices.get(rule) if rule else None,
        )
        for c_position, c_data in enumerate(q_data.get("choices", [])):
            key = str(c_data["key"])
            choices[f"{q_data['key']}.{key}"] = _upsert(
                SurveyChoice,
                stable_uuid("survey-choice", f"{base}/{key}"),
                question=question,
                key=key,
                position=c_position,
                text=c_data["text"],
                is_improvement=bool(c_data.get("improvement", False)),
            )
    return survey


@transaction.atomic
def load_surveys(directory: Path = SURVEYS_DIR) -> list[Survey]:
    with reversion.create_revision():
        reversion.set_comment("Installed the default surveys from modules/surveys/")
        return [load_survey(path) for path in sorted(Path(directory).glob("*.yaml"))]
