"""Load the default program from the YAML files in ``modules/content/program/``.

The format is described in ``docs/content-format.md``. Every row gets a UUID
derived from its slugs and keys, so loading again updates the same rows and
their translations in ``content.po`` keep matching.
"""

import datetime
import uuid
from pathlib import Path

import reversion
import yaml
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from reversion.models import Version

from modules.content.kinds import DEFAULT_INPUT
from modules.content.models import (
    Choice,
    GlossaryTerm,
    Helpline,
    HelplineContact,
    MotivationPrompt,
    Page,
    Question,
    Stage,
    Step,
    Track,
)
from modules.content.registry import CONTENT_MODELS
from modules.content.upstream import digest, items, record_installed

PROGRAM_DIR = Path(__file__).resolve().parent / "program"
NAMESPACE = uuid.UUID("6f1d0a52-5a7c-4c1e-9d3b-2f0f7e1c9a10")


INSTALLED = "Installed the default program from modules/content/program/"


def record_first_versions(installed, comment):
    """One revision per item that has none yet (a step with its questions, a
    page, a helpline...), so each has a first version to compare with or
    restore, and restoring it changes that item alone. (One revision for the
    whole load would revert every clinician's work at once; a new revision
    of an item that has a history would be a version nobody wrote.)"""
    kept = set(Version.objects.values_list("content_type_id", "object_id").distinct())
    for item in installed:
        key = (ContentType.objects.get_for_model(item).pk, str(item.pk))
        if key in kept:
            continue
        with reversion.create_revision():
            reversion.set_comment(comment)
            reversion.add_to_revision(item)


class ProgramFileError(Exception):
    """A program file is missing, does not parse, or breaks the format."""


def stable_uuid(*parts):
    return uuid.uuid5(NAMESPACE, "/".join(parts))


def read_yaml(path: Path):
    try:
        with path.open(encoding="utf-8") as fp:
            return yaml.safe_load(fp)
    except FileNotFoundError as exc:
        raise ProgramFileError(f"{path}: file not found") from exc
    except yaml.YAMLError as exc:
        raise ProgramFileError(f"{path}: {exc}") from exc


RATING_RULES = ("at_most", "at_least", "equals", "fell", "rose", "held")


def parse_rule(when: str, where: str):
    parts = str(when).split()
    if len(parts) == 2 and parts[0] in RATING_RULES:
        try:
            value = int(parts[1])
        except ValueError:
            value = -1
        if 0 <= value <= 10:
            return parts[0], value, None
    if len(parts) == 2 and parts[0] == "choice":
        return "choice", None, parts[1]
    raise ProgramFileError(
        f"{where}: a prompt's 'when' must be 'at_most N', 'at_least N', 'equals N', 'fell N', 'rose N', 'held N' or 'choice KEY', not {when!r}"
    )


def _upsert(model, row_uuid, /, **fields):
    obj, _created = model.objects.update_or_create(uuid=row_uuid, defaults=fields)
    return obj


class Loader:
    def __init__(self, directory: Path = PROGRAM_DIR):
        self.directory = Path(directory)
        self.counts = {model: 0 for model in CONTENT_MODELS}

    @transaction.atomic
    def load(self):
        counts = self._load()
        installed = items()
        record_installed({item.uuid: digest(item) for item in installed})
        record_first_versions(installed, INSTALLED)
        return counts

    def _load(self):
        for program_file in sorted(self.directory.glob("*/program.yaml")):
            self.load_track(program_file)
        if (self.directory / "pages.yaml").exists():
            self.load_pages(self.directory / "pages.yaml")
        if (self.directory / "glossary.yaml").exists():
            self.load_glossary(self.directory / "glossary.yaml")
        if (self.directory / "helplines.yaml").exists():
            self.load_helplines(self.directory / "helplines.yaml")
        if (self.directory / "diary.yaml").exists():
            self.load_diary(self.directory / "diary.yaml")
        return {
            str(model._meta.verbose_name_plural): count
            for model, count in self.counts.items()
        }

    def load_track(self, path: Path):
        data = read_yaml(path) or {}
        slug = data.get("slug") or path.parent.name
        track = _upsert(
            Track,
            # "program" is the seed every installed track's key was made from.
            stable_uuid("program", slug),
            slug=slug,
            title=data["title"],
            tagline=data.get("tagline", ""),
            description=data.get("description", ""),
            position=int(data.get("position", self.counts[Track])),
            is_published=True,
        )
        self.counts[Track] += 1
        for position, stage_file in enumerate(data.get("stages", [])):
            self.load_stage(track, self.directory / stage_file, position)

    def load_stage(self, track, path: Path, position):
        data = read_yaml(path) or {}
        where = str(path.relative_to(self.directory))
        for required in ("slug", "title", "steps"):
            if required not in data:
                raise ProgramFileError(f"{where}: missing '{required}'")
        base = f"{track.slug}/{data['slug']}"
        stage = _upsert(
            Stage,
            stable_uuid("stage", base),
            track=track,
            slug=data["slug"],
            title=data["title"],
            intro=data.get("intro", ""),
            closing=data.get("closing", ""),
            position=position,
            is_published=True,
        )
        self.counts[Stage] += 1
        seen = set()
        for step_position, step_data in enumerate(data["steps"]):
            step_slug = step_data.get("slug")
            if not step_slug or step_slug in seen:
                raise ProgramFileError(
                    f"{where}: step {step_position + 1} needs a unique slug"
                )
            seen.add(step_slug)
            self.load_step(
                stage, f"{base}/{step_slug}", step_data, step_position, where
            )

    def load_step(self, stage, base, data, position, where):
        kind = data.get("kind")
        if kind not in Step.Kind.values:
            raise ProgramFileError(
                f"{where}: step '{data['slug']}' has unknown kind {kind!r}"
            )
        step = _upsert(
            Step,
            stable_uuid("step", base),
            stage=stage,
            slug=data["slug"],
            kind=kind,
            title=data["title"],
            body=data.get("body", ""),
            self_check=data.get("self_check", "") or "",
            position=position,
            is_published=True,
        )
        self.counts[Step] += 1
        questions = data.get("questions") or []
        if kind == Step.Kind.BALANCE:
            keys = {q.get("key") for q in questions if q.get("input", "text") == "text"}
            if keys != {"continue_good", "continue_bad", "change_good", "change_bad"}:
                raise ProgramFileError(
                    f"{where}: balance step '{data['slug']}' needs the four keys continue_good, continue_bad, change_good, change_bad"
                )
        keys = set()
        for q_position, q_data in enumerate(questions):
            key = q_data.get("key")
            if not key or key in keys:
                raise ProgramFileError(
                    f"{where}: step '{data['slug']}': question {q_position + 1} needs a unique key"
                )
            keys.add(key)
            self.load_question(step, f"{base}/{key}", q_data, q_position, where)

    def load_question(self, step, base, data, position, where):
        question = _upsert(
            Question,
            stable_uuid("question", base),
            step=step,
            key=data["key"],
            input=data.get("input") or DEFAULT_INPUT[step.kind],
            text=data["text"],
            help_text=data.get("help_text", ""),
            min_label=data.get("min_label", ""),
            max_label=data.get("max_label", ""),
            allow_other=bool(data.get("allow_other", False)),
            max_choices=data.get("max_choices"),
            plan_heading=data.get("plan_heading", ""),
            position=position,
        )
        self.counts[Question] += 1
        choices = {}
        for c_position, c_data in enumerate(data.get("choices") or []):
            choice = _upsert(
                Choice,
                stable_uuid("choice", f"{base}/{c_data['key']}"),
                question=question,
                key=c_data["key"],
                text=c_data["text"],
                feedback=c_data.get("feedback", ""),
                is_correct=bool(c_data.get("is_correct", False)),
                position=c_position,
            )
            choices[choice.key] = choice
            self.counts[Choice] += 1
        for p_position, p_data in enumerate(data.get("prompts") or []):
            rule, value, choice_key = parse_rule(p_data.get("when", ""), where)
            choice = None
            if choice_key:
                choice = choices.get(choice_key)
                if choice is None:
                    raise ProgramFileError(
                        f"{where}: question '{data['key']}': prompt names unknown choice {choice_key!r}"
                    )
            _upsert(
                MotivationPrompt,
                stable_uuid("prompt", f"{base}/{p_position}"),
                question=question,
                rule=rule,
                value=value,
                choice=choice,
                message=p_data["message"],
                position=p_position,
            )
            self.counts[MotivationPrompt] += 1

    def load_pages(self, path):
        for data in read_yaml(path) or []:
            _upsert(
                Page,
                stable_uuid("page", data["slug"]),
                slug=data["slug"],
                title=data["title"],
                body=data.get("body", ""),
                is_published=True,
            )
            self.counts[Page] += 1

    def load_glossary(self, path):
        for data in read_yaml(path) or []:
            _upsert(
                GlossaryTerm,
                stable_uuid("glossary", data["slug"]),
                slug=data["slug"],
                term=data["term"],
                definition=data.get("definition", ""),
                is_published=True,
            )
            self.counts[GlossaryTerm] += 1

    def load_helplines(self, path):
        for position, data in enumerate(read_yaml(path) or []):
            checked = data.get("checked")
            if isinstance(checked, str):
                checked = datetime.date.fromisoformat(checked)
            helpline = _upsert(
                Helpline,
                stable_uuid("helpline", data["slug"]),
                slug=data["slug"],
                name=data["name"],
                kind=data["kind"],
                countries=",".join(data.get("countries") or []),
                languages=",".join(data.get("languages") or []),
                offers=data.get("offers", "") or "",
                hours=data.get("hours", "") or "",
                anonymity=data.get("anonymity", "") or "",
                is_anonymous=bool(data.get("is_anonymous", False)),
                source=data["source"],
                source_date=str(data.get("source_date") or ""),
                checked_on=checked,
                position=position,
                is_published=True,
            )
            self.counts[Helpline] += 1
            self.load_helpline_contacts(helpline, data.get("contacts") or [])

    def load_helpline_contacts(self, helpline, contacts):
        """Each ``{phone|text|email|web|chat: value, dial, language, note}``."""
        kinds = HelplineContact.Kind.values
        for position, c_data in enumerate(contacts):
            kind = next((k for k in kinds if k in c_data), None)
            if kind is None:
                raise ProgramFileError(
                    f"{helpline.slug}: a contact needs one of {kinds}"
                )
            _upsert(
                HelplineContact,
                stable_uuid("helpline-contact", f"{helpline.slug}/{position}"),
                helpline=helpline,
                kind=kind,
                value=str(c_data[kind]),
                dial=str(c_data.get("dial") or ""),
                language=c_data.get("language") or "",
                note=c_data.get("note") or "",
                position=position,
            )
            self.counts[HelplineContact] += 1
        # A contact removed from the file goes from the database too.
        helpline.contacts.filter(position__gte=len(contacts)).delete()

    def load_diary(self, path):
        data = read_yaml(path) or {}
        for position, p_data in enumerate(data.get("prompts") or []):
            rule, value, _choice = parse_rule(p_data.get("when", ""), str(path))
            _upsert(
                MotivationPrompt,
                stable_uuid("prompt", f"diary/{position}"),
                question=None,
                rule=rule,
                value=value,
                choice=None,
                message=p_data["message"],
                position=position,
            )
            self.counts[MotivationPrompt] += 1
