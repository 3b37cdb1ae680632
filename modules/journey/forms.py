"""The forms a visitor fills in: one step's answers, and an urge diary entry."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.content.models import Question, Step

RATINGS = [(str(n), str(n)) for n in range(11)]
# Django's own words ("Ensure this value has at most 10000 characters (it has
# 10250)") read like a machine; this says the same in the site's voice.
TOO_LONG = {
    "max_length": gettext_lazy(
        "This is longer than %(limit_value)s characters (it has %(show_value)s). "
        "Please shorten it a little: nothing you wrote has been lost."
    )
}
# The value of "Something else" in a pick-any question.
OTHER = "__other__"


class AnswerForm(forms.Form):
    """The answers to one step, built from its questions."""

    def __init__(self, step, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.questions = list(step.questions.all())
        for question in self.questions:
            name = f"q_{question.key}"
            if question.input == Question.Input.RATING:
                self.fields[name] = forms.TypedChoiceField(
                    choices=RATINGS,
                    coerce=int,
                    empty_value=None,
                    required=step.kind == Step.Kind.SCALE,
                    error_messages={
                        "required": gettext_lazy(
                            "Choose a number from 0 to 10, or skip this step."
                        )
                    },
                )
            elif question.input == Question.Input.SINGLE:
                self.fields[name] = forms.ChoiceField(
                    choices=[(c.key, c.key) for c in question.choices.all()],
                    required=step.kind == Step.Kind.QUIZ,
                    error_messages={
                        "required": gettext_lazy("Pick an answer to see what it means.")
                    },
                )
            elif question.input == Question.Input.MULTIPLE:
                choices = [(c.key, c.key) for c in question.choices.all()]
                if question.allow_other:
                    choices.append((OTHER, OTHER))
                    self.fields[f"{name}_other"] = forms.CharField(
                        required=False,
                        max_length=500,
                        strip=True,
                        error_messages=TOO_LONG,
                    )
                self.fields[name] = forms.MultipleChoiceField(
                    choices=choices, required=False
                )
            else:
                self.fields[name] = forms.CharField(
                    required=False,
                    max_length=settings.ANSWER_MAX_LENGTH,
                    strip=True,
                    widget=forms.Textarea,
                    error_messages=TOO_LONG,
                )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = f"q_{question.key}"
            if question.input != Question.Input.MULTIPLE:
                continue
            picked = cleaned.get(name) or []
            if question.allow_other:
                other = cleaned.get(f"{name}_other", "")
                if OTHER in picked and not other:
                    self.add_error(
                        f"{name}_other",
                        _("Write what the something else is, or untick it."),
                    )
                if other and OTHER not in picked:
                    picked.append(OTHER)
                    cleaned[name] = picked
            limit = question.max_choices
            if limit and len(picked) > limit and name not in self.errors:
                self.add_error(
                    name,
                    _(
                        "Choose up to %(limit)s. You have chosen %(count)s: "
                        "untick the ones that matter least."
                    )
                    % {"limit": limit, "count": len(picked)},
                )
        return cleaned

    def answers(self):
        """The cleaned answers, as stored in the journal."""
        values, others = {}, {}
        for question in self.questions:
            name = f"q_{question.key}"
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            values[question.key] = value
            other = self.cleaned_data.get(f"{name}_other")
            if other:
                others[question.key] = other
        return {"q": values, "other": others}


def picked_keys(question, value, other=""):
    """The option keys ``value`` ticks: a rating's number, a choice's key,
    or a list of keys, with "Something else" when its text is filled in.
    The one rule for a step page, drawn in full or filled into its outline."""
    if question.input == Question.Input.RATING:
        return {str(value)} if value not in (None, "") else set()
    picked = value if isinstance(value, list) else [value] if value else []
    picked = {str(p) for p in picked}
    if other:
        picked.add(OTHER)
    return picked


def initial_for(step, journal_data):
    saved = journal_data["answers"].get(str(step.uuid), {})
    initial = {}
    for key, value in saved.get("q", {}).items():
        initial[f"q_{key}"] = str(value) if isinstance(value, int) else value
    for key, value in saved.get("other", {}).items():
        initial[f"q_{key}_other"] = value
    return initial


class DiaryForm(forms.Form):
    strength = forms.TypedChoiceField(
        choices=RATINGS,
        coerce=int,
        error_messages={
            "required": gettext_lazy("Choose how strong the urge was, from 0 to 10.")
        },
    )
    situation = forms.CharField(
        required=False,
        max_length=2000,
        strip=True,
        widget=forms.Textarea,
        error_messages=TOO_LONG,
    )
    did = forms.CharField(
        required=False,
        max_length=2000,
        strip=True,
        widget=forms.Textarea,
        error_messages=TOO_LONG,
    )
    helped = forms.CharField(
        required=False,
        max_length=2000,
        strip=True,
        widget=forms.Textarea,
        error_messages=TOO_LONG,
    )
