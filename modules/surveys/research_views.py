"""The researchers' pages in the staff admin: the list of surveys, each
survey's results by language with charts, and the exports. The staff app's
admin site serves them (surveys knows nothing of staff)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from modules.surveys import export
from modules.surveys.charts import bar_chart
from modules.surveys.disclosure import TOTAL, min_cell
from modules.surveys.forms import DECLINED
from modules.surveys.models import Survey
from modules.surveys.results import languages, survey_results

PERMISSION = "surveys.view_results"


def _check(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def survey_list(request):
    _check(request)
    context = {
        **admin.site.each_context(request),
        "title": _("Survey results"),
        "surveys": Survey.objects.all(),
        "k": min_cell(),
    }
    return TemplateResponse(request, "surveys/research/list.html", context)


def _question_block(result, language):
    table = result.table
    row = TOTAL if language == "all" else language
    # Bars are labelled with the answer codes of the codebook (short, and
    # the table below the chart gives each code's full text).
    bars = [
        (_("declined") if key == DECLINED else key, table.shown(row, key))
        for key, _label in result.options
    ]
    rows = [
        {
            "language": _("All languages") if lang == TOTAL else lang,
            "cells": [table.shown(lang, key) for key, _label in result.options],
            "n": table.shown(lang, TOTAL),
        }
        for lang in [*table.rows, TOTAL]
    ]
    return {
        "question": result.question,
        "options": result.options,
        "rows": rows,
        "svg": bar_chart(bars, result.question.text, _("withheld")),
    }


def survey_detail(request, slug):
    _check(request)
    survey = get_object_or_404(Survey, slug=slug)
    language = request.GET.get("lang", "all")
    if language not in ("all", *languages()):
        raise Http404
    until, responses, results = survey_results(survey)
    context = {
        **admin.site.each_context(request),
        "title": _("Results: %(survey)s") % {"survey": survey.title},
        "survey": survey,
        "until": until,
        "k": min_cell(),
        "language": language,
        "languages": ["all", *languages()],
        "responses": [
            (
                _("All languages") if lang == TOTAL else lang,
                responses.shown(lang, "responses"),
            )
            for lang in [*responses.rows, TOTAL]
        ],
        "questions": [_question_block(result, language) for result in results],
    }
    return TemplateResponse(request, "surveys/research/detail.html", context)


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def survey_csv(request, slug):
    _check(request)
    survey = get_object_or_404(Survey, slug=slug)
    return _download(
        export.as_csv(survey), "text/csv; charset=utf-8", f"survey-{slug}.csv"
    )


def survey_codebook_csv(request, slug):
    _check(request)
    survey = get_object_or_404(Survey, slug=slug)
    return _download(
        export.codebook_csv(survey),
        "text/csv; charset=utf-8",
        f"survey-{slug}-codebook.csv",
    )


def survey_json(request, slug):
    _check(request)
    survey = get_object_or_404(Survey, slug=slug)
    return _download(export.as_json(survey), "application/json", f"survey-{slug}.json")
