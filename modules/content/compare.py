"""What an item looked like in a version, and the word-level differences
between two versions (or a version and now), for the admin's Compare page.

An item is a row with what its revision holds: a step with its questions,
and their choices and prompts. Each is flattened to labelled texts, so that
a question or choice added or removed shows as its own row.
"""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from modules.content.models import Choice, MotivationPrompt, Question

SKIPPED = {"id", "uuid"}
SEPARATOR = " \u203a "  # a right-pointing angle quotation mark, as in breadcrumbs


def _fields_of(obj):
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def _children(model, rows, parent_field, parent_ids):
    found = [r for r in rows if r[0] is model and r[1].get(parent_field) in parent_ids]
    return sorted(found, key=lambda r: (r[1].get("position", 0), r[1].get("id", 0)))


def _label_value(model, field, value):
    if field.flatchoices and value is not None:
        value = dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        value = _("yes") if value else _("no")
    return capfirst(str(field.verbose_name)), "" if value is None else str(value)


def _flatten_row(model, data, prefix, out):
    for field in model._meta.concrete_fields:
        if field.attname in SKIPPED or field.is_relation:
            continue
        label, value = _label_value(model, field, data.get(field.attname))
        out[f"{prefix}{label}"] = value


def flatten(model, data, rows):
    """``{label: text}`` for an item whose own fields are ``data`` and whose
    revision (or current state) holds ``rows`` (``(model, fields)`` pairs)."""
    out = {}
    _flatten_row(model, data, "", out)
    questions = _children(Question, rows, "step_id", {data.get("id")})
    for _model, q in questions:
        q_prefix = _("Question “%(key)s”") % {"key": q.get("key")} + SEPARATOR
        _flatten_row(Question, q, q_prefix, out)
        for _m, c in _children(Choice, rows, "question_id", {q.get("id")}):
            c_prefix = (
                q_prefix + _("choice “%(key)s”") % {"key": c.get("key")} + SEPARATOR
            )
            _flatten_row(Choice, c, c_prefix, out)
        for number, (_m, p) in enumerate(
            _children(MotivationPrompt, rows, "question_id", {q.get("id")}), 1
        ):
            p_prefix = q_prefix + _("prompt %(n)s") % {"n": number} + SEPARATOR
            _flatten_row(MotivationPrompt, p, p_prefix, out)
    return out


def version_texts(version):
    rows = [
        (v._model, v.field_dict)
        for v in version.revision.version_set.all()
        if v.object_id != version.object_id or v._model is not version._model
    ]
    return flatten(version._model, version.field_dict, rows)


def current_texts(obj):
    rows = []
    if hasattr(obj, "questions"):
        for question in obj.questions.all():
            rows.append((Question, _fields_of(question)))
            rows += [(Choice, _fields_of(c)) for c in question.choices.all()]
            rows += [(MotivationPrompt, _fields_of(p)) for p in question.prompts.all()]
    return flatten(type(obj), _fields_of(obj), rows)


def word_diff(old, new):
    """HTML of ``new`` with removed words in <del> and added words in <ins>."""
    a, b = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    parts = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 escaped above


def differences(old, new):
    """Rows ``{label, status, html}`` for every label whose text differs."""
    rows = []
    labels = list(old) + [label for label in new if label not in old]
    for label in labels:
        before, after = old.get(label), new.get(label)
        if before == after:
            continue
        if before is None:
            status = "added"
        elif after is None:
            status = "removed"
        else:
            status = "changed"
        html = word_diff(before or "", after or "")
        rows.append({"label": label, "status": status, "html": html})
    return rows
