"""What each kind of step may hold, checked when a clinician saves a step:
the kind decides how the questions are shown, so a question the kind cannot
show would be silently ignored on the site."""

from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from modules.content.models import Choice, Question, Step

Kind, Input = Step.Kind, Question.Input

# The kind of answer a new question starts with.
DEFAULT_INPUT = {
    Kind.READING: Input.TEXT,
    Kind.REFLECTION: Input.TEXT,
    Kind.SCALE: Input.RATING,
    Kind.CHECKLIST: Input.MULTIPLE,
    Kind.QUIZ: Input.SINGLE,
    Kind.BALANCE: Input.TEXT,
    Kind.PLAN: Input.TEXT,
}

# The kinds of answer each kind of step can show.
ALLOWED_INPUTS = {
    Kind.READING: (),
    Kind.REFLECTION: (Input.TEXT,),
    # A self-check asks some things with anchored answers ("on how many days
    # in the last four weeks?") beside its 0-10 ratings, so that its results
    # compare with other programs' outcome measures (issue 15).
    Kind.SCALE: (Input.RATING, Input.SINGLE, Input.TEXT),
    Kind.CHECKLIST: (Input.MULTIPLE,),
    Kind.QUIZ: (Input.SINGLE,),
    Kind.BALANCE: (Input.TEXT, Input.RATING),
    Kind.PLAN: (Input.TEXT,),
}

BALANCE_KEYS = ("continue_good", "continue_bad", "change_good", "change_bad")
MIN_CHOICES = 2


def _value(form, name):
    if name in form.fields and form.fields[name].disabled:
        return form.initial.get(name, getattr(form.instance, name, ""))
    return (form.data.get(form.add_prefix(name)) or "").strip()


def _deleted(form):
    return bool(form.data.get(form.add_prefix("DELETE")))


def _kept(formset):
    """The formset's rows that will exist after the save."""
    return [
        f
        for f in formset.forms
        if not _deleted(f) and (f.instance.pk or f.has_changed())
    ]


def _choices(form):
    for nested in getattr(form, "nested_formsets", ()):
        if nested.model is Choice:
            return [f for f in _kept(nested) if _value(f, "text")]
    return list(form.instance.choices.all()) if form.instance.pk else []


def check_questions(step, formset):
    """Errors, next to the field, for questions the step's kind cannot show."""
    kind = step.kind
    allowed = ALLOWED_INPUTS.get(kind, ())
    questions = _kept(formset)
    for form in questions:
        answer = _value(form, "input")
        if not allowed:
            form.add_error(
                None,
                _(
                    "A reading step has no questions. Remove this question, or "
                    "change the step's kind."
                ),
            )
            continue
        if answer not in allowed:
            names = [str(Input(a).label) for a in allowed]
            form.add_error(
                "input",
                _("In a step of this kind, questions are answered by: %(inputs)s.")
                % {"inputs": get_text_list(names, _("or"))},
            )
        if (
            answer in (Input.SINGLE, Input.MULTIPLE)
            and len(_choices(form)) < MIN_CHOICES
        ):
            form.add_error(
                "input",
                _("Add at least two choices below: the visitor picks from them."),
            )
        if answer == Input.RATING:
            for name in ("min_label", "max_label"):
                if not _value(form, name):
                    form.add_error(
                        name,
                        _("Say what this end of the scale means, e.g. 'Not at all'."),
                    )
    if kind == Kind.BALANCE:
        keys = {_value(f, "key") for f in questions if _value(f, "input") == Input.TEXT}
        if not set(BALANCE_KEYS) <= keys:
            raise ValidationError(
                _(
                    "A decisional balance needs its four boxes: free-text "
                    "questions with the keys continue_good, continue_bad, "
                    "change_good and change_bad."
                )
            )
