"""Translating the program's content in the admin.

For each language: how much is translated, what needs review (the English
changed since it was translated) and what is missing; an editor that shows
the English beside the translation; and download and upload of the .po file
for Poedit or Weblate. Every save goes to the live catalogue in the database,
all or nothing, and reaches every server within a second.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modules.translations import files, store, sync

PERMISSION = "content.translate_content"
PER_PAGE = 20
FILTERS = {
    "missing": lambda e: not e.msgstr,
    "review": lambda e: bool(e.msgstr) and e.fuzzy,
    "translated": lambda e: bool(e.msgstr) and not e.fuzzy,
    "all": lambda e: True,
}


def _check(request, lang=None):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if lang is not None and lang not in files.target_languages():
        raise Http404


def _context(request, **extra):
    return {**admin.site.each_context(request), **extra}


def overview(request):
    _check(request)
    languages = []
    for lang in files.target_languages():
        info = get_language_info(lang)
        status = files.catalogue_status(store.load(lang))
        languages.append(
            {
                "code": lang,
                "name": info["name"],
                "name_local": info["name_local"],
                **status,
            }
        )
    return TemplateResponse(
        request,
        "translations/overview.html",
        _context(
            request,
            title=_("Translations of the program"),
            languages=languages,
            upload_form=UploadForm(),
        ),
    )


@require_POST
def export(request):
    _check(request)
    sync.export_all()
    messages.success(request, _("The catalogues now match the program."))
    return redirect("admin:translations")


def edit(request, lang):
    _check(request, lang)
    show = request.GET.get("show", "missing")
    if show not in FILTERS:
        show = "missing"
    query = request.GET.get("q", "").strip()
    if request.method == "POST":
        changes = {}
        for context in request.POST.getlist("context"):
            text = request.POST.get(f"msgstr::{context}", "")
            review = request.POST.get(f"review::{context}") == "on"
            changes[context] = (text, review)
        count = sync.save_translations(lang, changes)
        messages.success(
            request, _("Saved %(count)d translation(s).") % {"count": count}
        )
        return redirect(request.get_full_path())

    po = store.load(lang)
    entries = [e for e in po if not e.obsolete and FILTERS[show](e)]
    if query:
        q = query.casefold()
        entries = [
            e
            for e in entries
            if q in e.msgid.casefold()
            or q in e.msgstr.casefold()
            or q in (e.comment or "").casefold()
        ]
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    info = get_language_info(lang)
    return TemplateResponse(
        request,
        "translations/edit.html",
        _context(
            request,
            title=_("Translate into %(language)s") % {"language": info["name"]},
            lang=lang,
            language=info,
            page=page,
            show=show,
            query=query,
            filters=[
                ("missing", _("Missing")),
                ("review", _("Needs review")),
                ("translated", _("Translated")),
                ("all", _("All")),
            ],
            status=files.catalogue_status(po),
        ),
    )


def download(request, lang):
    _check(request, lang)
    po = store.load(lang)
    response = HttpResponse(
        files.po_bytes(po),
        content_type="text/x-gettext-translation; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="content-{lang}.po"'
    return response


class UploadForm(forms.Form):
    file = forms.FileField(label=_("A .po file"), max_length=255)


@require_POST
def upload(request, lang):
    _check(request, lang)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a .po file to upload."))
        return redirect("admin:translations")
    upload = form.cleaned_data["file"]
    if upload.size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE * 4:
        messages.error(request, _("The file is too large."))
        return redirect("admin:translations")
    try:
        count = sync.import_catalogue(lang, upload.read())
    except sync.CatalogueUploadError as exc:
        messages.error(
            request,
            _("The file was not used, and nothing was changed: %(reason)s")
            % {"reason": exc},
        )
    else:
        messages.success(
            request,
            _("Took %(count)d translation(s) from the file.") % {"count": count},
        )
    return redirect("admin:translations")
