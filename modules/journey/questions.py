"""What a template needs to show each question of a step, with its answer."""

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from modules.content.markdown import render_markdown
from modules.content.models import Question
from modules.journey import outlines
from modules.journey.forms import OTHER, RATINGS, AnswerForm, picked_keys
from modules.translations.lookup import Text, marked, translate


def _checked(checked):
    """`` checked``, nothing, or (for a step page's outline, see
    ``outlines.py``) the marker that stands for either."""
    if isinstance(checked, str):
        return mark_safe(checked)  # noqa: S308 (a marker made by outlines)
    return mark_safe(" checked") if checked else ""


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
                (name, value, _checked(checked), label)
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
                _checked(checked),
                marked(label) if isinstance(label, Text) else label,
            )
            for number, (value, label, checked) in enumerate(view.options, start=1)
        ),
    )
    return format_html('<ul class="options">{}</ul>', items)


def _errors_html(name, errors):
    return format_html_join(
        "", '<p class="field__error" id="{}-error">{}</p>', ((name, e) for e in errors)
    )


def _label_html(label):
    """The question's text; in English, marked as such, where it has no
    translation yet."""
    return marked(label) if isinstance(label, Text) else label


def _hint_html(view):
    if not view.hint_html:
        return ""
    # The hint is Markdown rendered to safe HTML (render_markdown).
    hint = mark_safe(view.hint_html)  # noqa: S308
    return format_html(
        '<div class="field__hint" id="{}-hint">{}</div>\n', view.name, hint
    )


def _text_field_html(view):
    name = view.name
    described = [f"{name}-limit"]
    if view.hint_html:
        described.append(f"{name}-hint")
    if view.errors:
        described.append(f"{name}-error")
    return format_html(
        '<div class="field{}">\n<label for="id_{}">{}</label>\n{}{}'
        '<p class="field__limit" id="{}-limit">{}</p>\n'
        '<textarea id="id_{}" name="{}" rows="5" dir="auto" autocomplete="off" '
        'aria-describedby="{}"{}>{}</textarea>\n</div>\n',
        " field--invalid" if view.errors else "",
        name,
        _label_html(view.label),
        _hint_html(view),
        _errors_html(name, view.errors),
        name,
        _("Up to %(limit)s characters.") % {"limit": view.max_length},
        name,
        name,
        " ".join(described),
        mark_safe(' aria-invalid="true"') if view.errors else "",
        view.value,
    )


def _choice_field_html(view):
    question, name = view.question, view.name
    described = []
    if view.hint_html:
        described.append(f"{name}-hint")
    if view.errors:
        described.append(f"{name}-error")
    parts = [
        format_html(
            '<fieldset class="field{}"{}>\n<legend>{}</legend>\n',
            " field--invalid" if view.errors or view.other_errors else "",
            format_html(' aria-describedby="{}"', " ".join(described))
            if described
            else "",
            _label_html(view.label),
        )
    ]
    parts.append(_hint_html(view))
    if question.max_choices:
        limit = question.max_choices
        parts.append(
            format_html(
                '<p class="field__limit">{}</p>\n',
                ngettext("Choose at most %(limit)s.", "Choose up to %(limit)s.", limit)
                % {"limit": limit},
            )
        )
    parts.append(_errors_html(name, view.errors))
    parts.append(view.options_html)
    if question.input == Question.Input.RATING:
        if question.min_label or question.max_label:
            parts.append(
                format_html(
                    '\n<p class="scale-ends"><span>0 = {}</span><span>10 = {}</span></p>',
                    marked(translate(question, "min_label")),
                    marked(translate(question, "max_label")),
                )
            )
    elif view.other_name:
        other = view.other_name
        parts.append(
            format_html(
                '\n<div class="field field--other{}">\n<label for="id_{}">{}</label>\n{}'
                '<input type="text" id="id_{}" name="{}" value="{}" dir="auto" '
                'autocomplete="off"{}>\n</div>',
                " field--invalid" if view.other_errors else "",
                other,
                _("Something else (write it here):"),
                _errors_html(other, view.other_errors),
                other,
                other,
                view.other_value,
                format_html(' aria-invalid="true" aria-describedby="{}-error"', other)
                if view.other_errors
                else "",
            )
        )
    parts.append(mark_safe("\n</fieldset>\n"))
    return mark_safe("".join(parts))  # noqa: S308 (each part escaped above)


def field_html(view):
    """A question with its answer field, built in Python like the options:
    a returning visitor's step page is rendered for every request, and
    through the template engine its questions were a third of its cost."""
    if view.question.input == Question.Input.TEXT:
        return _text_field_html(view)
    return _choice_field_html(view)


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
    html: str = ""


def question_views(form: AnswerForm, *, holes=False):
    """The questions of ``form``'s step, each with its HTML. With ``holes``,
    markers stand in place of the answers (``outlines.py``)."""
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
        other_value = ""
        if question.allow_other and question.has_choices:
            other = form[f"{name}_other"]
            view.other_name = other.html_name
            other_value = view.other_value = other.value() or ""
            view.other_errors = list(other.errors)
        picked = picked_keys(question, value, other_value)
        if question.input == Question.Input.RATING:
            view.options = [(key, key, key in picked) for key, _label in RATINGS]
        elif question.has_choices:
            view.options = [
                (c.key, translate(c, "text"), c.key in picked)
                for c in question.choices.all()
            ]
            if question.allow_other:
                view.options.append((OTHER, _("Something else"), OTHER in picked))
        if holes:
            view.value = outlines.value_hole(name)
            view.options = [
                (key, label, outlines.checked_hole(name, key))
                for key, label, _checked_now in view.options
            ]
            if view.other_name:
                view.other_value = outlines.value_hole(view.other_name)
        if view.options:
            view.options_html = options_html(view)
        view.html = field_html(view)
        views.append(view)
    return views
