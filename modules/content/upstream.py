"""What the default program installed, item by item.

An item is what has its own history: a track, a stage, a step with its
questions (and their choices and prompts), a page, a glossary term, a
helpline, an urge-diary prompt. Its digest covers the fields the program's
files set, except whether it is published (withdrawing is the site's call).
Recording the digest of what the program installed lets an upgrade tell a
clinician's change from the release's.
"""

import hashlib
import json

from modules.content.models import (
    GlossaryTerm,
    Helpline,
    MotivationPrompt,
    Page,
    Stage,
    Step,
    Track,
    UpstreamItem,
)

NOT_UPSTREAM = {"uuid", "is_published"}


def items():
    """Every item of the program, in the order the loader makes them."""
    return [
        *Track.objects.all(),
        *Stage.objects.all(),
        *Step.objects.prefetch_related(
            "questions__choices", "questions__prompts__choice"
        ),
        *Page.objects.all(),
        *GlossaryTerm.objects.all(),
        *Helpline.objects.all(),
        *MotivationPrompt.objects.filter(question__isnull=True),
    ]


def _own(obj):
    return {
        f.attname: getattr(obj, f.attname)
        for f in type(obj)._meta.concrete_fields
        if not (f.primary_key or f.is_relation or f.name in NOT_UPSTREAM)
    }


def _prompt(prompt):
    return {
        **_own(prompt),
        "choice": str(prompt.choice.uuid) if prompt.choice else None,
    }


def item_state(obj):
    data = {"model": obj._meta.model_name, **_own(obj)}
    if isinstance(obj, Step):
        data["questions"] = [
            {
                **_own(q),
                "uuid": str(q.uuid),
                "choices": [{**_own(c), "uuid": str(c.uuid)} for c in q.choices.all()],
                "prompts": [_prompt(p) for p in q.prompts.all()],
            }
            for q in obj.questions.all()
        ]
    if isinstance(obj, Helpline):
        # A helpline's numbers and addresses are rows of their own, and a
        # corrected number is exactly what an upgrade must never put back.
        data["contacts"] = [
            {**_own(c), "uuid": str(c.uuid)} for c in obj.contacts.all()
        ]
    return data


def digest(obj):
    text = json.dumps(item_state(obj), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def record_installed(digests):
    """Remember ``{uuid: digest}`` as what the program installed."""
    for row_uuid, value in digests.items():
        UpstreamItem.objects.update_or_create(uuid=row_uuid, defaults={"digest": value})


def _every_field(obj):
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def state_token(obj):
    """A digest of everything an item's admin page shows (its own fields,
    and the rows listed on it), to tell whether it changed since a form was
    opened."""
    data = {"item": item_state(obj), "own": _every_field(obj)}
    for name in ("stages", "steps"):
        if hasattr(obj, name):
            data[name] = [_every_field(row) for row in getattr(obj, name).all()]
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
