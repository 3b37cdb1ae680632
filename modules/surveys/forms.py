"""The survey form, built from the survey's questions (without JavaScript:
every question is on the page, and a skip rule is applied when it is sent)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.content.models import Question

RATINGS = [(str(n), str(n)) for n in range(11)]
# The value of "Prefer not to say" among a question's options.
DECLINED = "__declined__"


def field_name(question):
    return f"q_{question.key}"


def asked(survey):
    """The questions this survey puts to a visitor: a written-answer question
    only if the survey keeps written answers (asking and then throwing the
    answer away would mislead)."""
    return [
        q
        for q in survey.questions.all()
        if q.input != Question.Input.TEXT or survey.allows_free_text
    ]


class SurveyForm(forms.Form):
    def __init__(self, survey, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = asked(survey)
        for question in self.questions:
            declined = [(DECLINED, DECLINED)] if question.prefer_not_to_say else []
            options = [(c.key, c.key) for c in question.choices.all()]
            if question.input == Question.Input.RATING:
                field = forms.ChoiceField(choices=RATINGS + declined)
            elif question.input == Question.Input.SINGLE:
                field = forms.ChoiceField(choices=options + declined)
            elif question.input == Question.Input.MULTIPLE:
                field = forms.MultipleChoiceField(choices=options + declined)
            else:
                field = forms.CharField(
                    max_length=settings.ANSWER_MAX_LENGTH,
                    strip=True,
                    widget=forms.Textarea,
                )
            # Whether an answer is needed depends on the skip rules: clean().
            field.required = False
            field.error_messages["invalid_choice"] = gettext_lazy(
                "Pick one of the answers shown."
            )
            self.fields[field_name(question)] = field

    def is_shown(self, question, cleaned):
        """Whether the skip rule lets ``question`` be asked, given the answers."""
        rule = question.show_if
        if rule is None:
            return True
        picked = cleaned.get(f"q_{rule.question.key}") or []
        picked = [picked] if isinstance(picked, str) else picked
        return rule.key in picked

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = field_name(question)
            value = cleaned.get(name)
            if not self.is_shown(question, cleaned):
                cleaned[name] = None  # not asked of this visitor: not stored
                continue
            if isinstance(value, list) and DECLINED in value and len(value) > 1:
                self.add_error(
                    name,
                    _("Pick 'Prefer not to say' on its own, or untick it."),
                )
            elif value in (None, "", []) and not question.is_optional:
                self.add_error(name, _("Please answer this question, or skip it."))
        return cleaned

    def answers(self):
        """``(question, value)`` for each answered question; value is a list
        of choice keys, a rating, written text, or DECLINED."""
        found = []
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if value in (None, "", []):
                continue
            if value == DECLINED or value == [DECLINED]:
                value = DECLINED
            elif question.input == Question.Input.RATING:
                value = int(value)
            elif question.input == Question.Input.SINGLE:
                value = [value]
            found.append((question, value))
        return found
