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

from modules.translations import files, store, sync, uploads
from modules.translations.conflicts import TranslationConflict

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


def _posted(request):
    """The editor's form: ``{context: (text, needs review)}`` as typed, and
    the same as the page showed them (what the save is merged against)."""
    changes, bases = {}, {}
    for context in request.POST.getlist("context"):
        text = request.POST.get(f"msgstr::{context}", "")
        review = request.POST.get(f"review::{context}") == "on"
        changes[context] = (text, review)
        if f"base::{context}" in request.POST:
            bases[context] = (
                request.POST.get(f"base::{context}", ""),
                request.POST.get(f"basereview::{context}") == "1",
            )
    return changes, bases


def _shown(entries):
    """Entries as the editor shows them: what it started from is what is stored."""
    for entry in entries:
        entry.base, entry.base_review, entry.theirs = entry.msgstr, entry.fuzzy, None
    return entries


def _with_conflicts(lang, changes, bases, conflicts):
    """The entries of a refused save, with the translator's text kept, and
    for each conflict the version saved meanwhile; its base is now that
    version, so saving again replaces it knowingly."""
    by_context = {e.msgctxt: e for e in store.load(lang)}
    theirs = {c.context: c for c in conflicts}
    entries = []
    for context, (text, review) in changes.items():
        entry = by_context.get(context)
        if entry is None:
            continue
        base = bases.get(context, (entry.msgstr, entry.fuzzy))
        conflict = theirs.get(context)
        if conflict is not None:
            base = (conflict.theirs, conflict.theirs_review)
        entry.base, entry.base_review = base
        entry.theirs = conflict.theirs if conflict else None
        entry.msgstr = text.replace("\r\n", "\n")
        entry.flags = ["fuzzy"] if review else []
        entries.append(entry)
    return entries


def edit(request, lang):
    _check(request, lang)
    show = request.GET.get("show", "missing")
    if show not in FILTERS:
        show = "missing"
    query = request.GET.get("q", "").strip()
    if request.method == "POST":
        changes, bases = _posted(request)
        try:
            count = sync.save_translations(lang, changes, bases)
        except TranslationConflict as conflict:
            messages.error(
                request,
                _(
                    "Nothing was saved: someone else changed %(count)d of these "
                    "translations after you opened this page. Their version is shown "
                    "above yours; your text is still in the box. Keep what is right "
                    "and save again."
                )
                % {"count": len(conflict.conflicts)},
            )
            entries = _with_conflicts(lang, changes, bases, conflict.conflicts)
            page = Paginator(entries, max(1, len(entries))).get_page(1)
            response = _render_edit(request, lang, page, show, query)
            response.status_code = 409
            return response
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
    page = Paginator(_shown(entries), PER_PAGE).get_page(request.GET.get("page"))
    return _render_edit(request, lang, page, show, query, po)


def _render_edit(request, lang, page, show, query, po=None):
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
            status=files.catalogue_status(po if po is not None else store.load(lang)),
        ),
    )


def download(request, lang):
    _check(request, lang)
    po = store.load(lang)
    # An upload of this file is merged against this version (uploads.py).
    po.metadata[uploads.VERSION_HEADER] = str(po.version)
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
        count = uploads.import_catalogue(lang, upload.read())
    except uploads.CatalogueUploadError as exc:
        messages.error(
            request,
            _("The file was not used, and nothing was changed: %(reason)s")
            % {"reason": exc},
        )
    except TranslationConflict as conflict:
        info = get_language_info(lang)
        return TemplateResponse(
            request,
            "translations/upload_conflicts.html",
            _context(
                request,
                title=_("The file was not used: it would replace newer translations"),
                lang=lang,
                language=info,
                conflicts=conflict.conflicts,
            ),
            status=409,
        )
    else:
        messages.success(
            request,
            _("Took %(count)d translation(s) from the file.") % {"count": count},
        )
    return redirect("admin:translations")
