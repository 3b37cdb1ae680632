"""What a template needs to show each question of a step, with its answer."""

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from modules.content.markdown import render_markdown
from modules.content.models import Question
from modules.journey.forms import OTHER, AnswerForm
from modules.translations.lookup import Text, marked, translate


def options_html(view):
    """The radio buttons or checkboxes of a question, built in Python: on a
    scale step they are most of the page, and the template engine is slow."""
    question = view.question
    name = view.name
    if question.input == Question.Input.RATING:
        items = format_html_join(
            "",
            '<li><label for="id_{0}_{1}"><input type="radio" id="id_{0}_{1}" name="{0}" value="{1}"{2}>{3}</label></li>',
            (
                (name, value, mark_safe(" checked") if checked else "", label)
                for value, label, checked in view.options
            ),
        )
        return format_html('<ul class="scale">{}</ul>', items)
    kind = "radio" if question.input == Question.Input.SINGLE else "checkbox"
    items = format_html_join(
        "",
        '<li><label for="id_{0}_{1}"><input type="{2}" id="id_{0}_{1}" name="{0}" value="{3}"{4}><span>{5}</span></label></li>',
        (
            (
                name,
                number,
                kind,
                value,
                mark_safe(" checked") if checked else "",
                marked(label) if isinstance(label, Text) else label,
            )
            for number, (value, label, checked) in enumerate(view.options, start=1)
        ),
    )
    return format_html('<ul class="options">{}</ul>', items)


@dataclass
class QuestionView:
    """What a template needs to show one question and its answer field."""

    question: Question
    name: str
    label: object
    hint_html: str
    value: object
    errors: list
    options: list = field(default_factory=list)
    other_name: str = ""
    other_value: str = ""
    other_errors: list = field(default_factory=list)
    options_html: str = ""
    max_length: int = 0


def question_views(form: AnswerForm):
    views = []
    for question in form.questions:
        name = f"q_{question.key}"
        bound = form[name]
        value = bound.value()
        view = QuestionView(
            question=question,
            name=name,
            label=translate(question, "text"),
            hint_html=render_markdown(translate(question, "help_text").text),
            value=value if value is not None else "",
            errors=list(bound.errors),
            max_length=getattr(bound.field, "max_length", None) or 0,
        )
        if question.input == Question.Input.RATING:
            current = str(value) if value not in (None, "") else ""
            view.options = [(str(n), str(n), str(n) == current) for n in range(11)]
        elif question.has_choices:
            picked = value if isinstance(value, list) else [value] if value else []
            picked = [str(p) for p in picked]
            view.options = [
                (c.key, translate(c, "text"), c.key in picked)
                for c in question.choices.all()
            ]
            if question.allow_other:
                other = form[f"{name}_other"]
                view.other_name = other.html_name
                view.other_value = other.value() or ""
                view.other_errors = list(other.errors)
                view.options.append(
                    (
                        OTHER,
                        _("Something else"),
                        OTHER in picked or bool(view.other_value),
                    )
                )
        if view.options:
            view.options_html = options_html(view)
        views.append(view)
    return views
