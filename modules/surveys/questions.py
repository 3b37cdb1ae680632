"""What the survey template needs to show each question with its options."""

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from modules.content.markdown import render_markdown
from modules.content.models import Question
from modules.surveys.forms import DECLINED, SurveyForm, field_name
from modules.translations.lookup import Text, marked, translate


@dataclass
class QuestionView:
    question: object
    name: str
    label: Text
    hint_html: str
    value: object
    errors: list
    condition: str = ""
    options_html: str = ""
    options: list = field(default_factory=list)


def _options_html(view):
    question = view.question
    kind = "checkbox" if question.input == Question.Input.MULTIPLE else "radio"
    css = "scale" if question.input == Question.Input.RATING else "options"
    items = format_html_join(
        "",
        '<li><label for="id_{0}_{1}"><input type="{2}" id="id_{0}_{1}" name="{0}" '
        'value="{3}"{4}><span>{5}</span></label></li>',
        (
            (
                view.name,
                number,
                kind,
                value,
                mark_safe(" checked") if checked else "",
                marked(label) if isinstance(label, Text) else label,
            )
            for number, (value, label, checked) in enumerate(view.options, start=1)
        ),
    )
    return format_html('<ul class="{}">{}</ul>', css, items)


def _condition(question):
    """The skip rule, as the visitor reads it beside the question."""
    rule = question.show_if
    if rule is None:
        return ""
    return format_html(
        _("Answer this only if you answered “{choice}” to “{question}”."),
        choice=marked(translate(rule, "text")),
        question=marked(translate(rule.question, "text")),
    )


def question_views(form: SurveyForm):
    views = []
    for question in form.questions:
        name = field_name(question)
        bound = form[name]
        value = bound.value()
        view = QuestionView(
            question=question,
            name=name,
            label=translate(question, "text"),
            hint_html=render_markdown(translate(question, "help_text").text),
            value=value if value is not None else "",
            errors=list(bound.errors),
            condition=_condition(question),
        )
        if question.input != Question.Input.TEXT:
            picked = value if isinstance(value, list) else [value] if value else []
            picked = [str(p) for p in picked]
            if question.input == Question.Input.RATING:
                view.options = [(str(n), str(n), str(n) in picked) for n in range(11)]
            else:
                view.options = [
                    (c.key, translate(c, "text"), c.key in picked)
                    for c in question.choices.all()
                ]
            if question.prefer_not_to_say:
                view.options.append(
                    (DECLINED, _("Prefer not to say"), DECLINED in picked)
                )
            view.options_html = _options_html(view)
        views.append(view)
    return views
