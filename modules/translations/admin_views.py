"""Translating in the admin: the overview, and .po files in and out.

For each language and each catalogue (the program's content, and the
interface: Django's gettext domain), how much is translated, what needs
review (the English changed since it was translated) and what is missing;
download and upload of the .po file for Poedit or Weblate. The editor is in
``editor.py``. Every change goes to the live catalogue in the database, all
or nothing, is checked (``checks.py``) and recorded (``Revision``), and
reaches every server within a second.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modules.translations import files, store, sync, uploads
from modules.translations.checks import TranslationRefused
from modules.translations.conflicts import TranslationConflict

PERMISSION = "content.translate_content"
# The catalogues as the URL names them -> their gettext domain.
DOMAINS = {"content": files.DOMAIN, "interface": store.INTERFACE}
DOMAIN_NAMES = {
    "content": gettext_lazy("Program content"),
    "interface": gettext_lazy("Interface"),
}
# How many findings of one save or upload are listed, one message each.
SHOWN_FINDINGS = 10


def check_access(request, lang=None, catalogue="content") -> str:
    """The catalogue's gettext domain, if this staff member may translate it."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if lang is not None and lang not in files.target_languages():
        raise Http404
    if catalogue not in DOMAINS:
        raise Http404
    return DOMAINS[catalogue]


def admin_context(request, **extra):
    return {**admin.site.each_context(request), **extra}


def report_findings(request, findings, level=messages.warning):
    """One message per finding (the entry and what is wrong), the first few."""
    for finding in findings[:SHOWN_FINDINGS]:
        level(request, str(finding))
    if len(findings) > SHOWN_FINDINGS:
        level(
            request,
            _("And %(count)d more.") % {"count": len(findings) - SHOWN_FINDINGS},
        )


def overview(request):
    check_access(request)
    languages = []
    for lang in files.target_languages():
        info = get_language_info(lang)
        catalogues = [
            {
                "slug": slug,
                "name": DOMAIN_NAMES[slug],
                **files.catalogue_status(store.load(lang, domain)),
            }
            for slug, domain in DOMAINS.items()
        ]
        languages.append(
            {
                "code": lang,
                "name": info["name"],
                "name_local": info["name_local"],
                "catalogues": catalogues,
            }
        )
    return TemplateResponse(
        request,
        "translations/overview.html",
        admin_context(
            request,
            title=_("Translations of the program"),
            languages=languages,
            upload_form=UploadForm(),
        ),
    )


@require_POST
def export(request):
    check_access(request)
    sync.export_all()
    messages.success(request, _("The catalogues now match the program."))
    return redirect("admin:translations")


def download(request, lang, catalogue="content"):
    domain = check_access(request, lang, catalogue)
    po = store.load(lang, domain)
    # An upload of this file is merged against this version (uploads.py).
    po.metadata[uploads.VERSION_HEADER] = str(po.version)
    response = HttpResponse(
        files.po_bytes(po),
        content_type="text/x-gettext-translation; charset=utf-8",
    )
    name = f"{catalogue}-{lang}.po"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("A .po file"), max_length=255)


@require_POST
def upload(request, lang, catalogue="content"):
    domain = check_access(request, lang, catalogue)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a .po file to upload."))
        return redirect("admin:translations")
    upload = form.cleaned_data["file"]
    if upload.size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE * 4:
        messages.error(request, _("The file is too large."))
        return redirect("admin:translations")
    warnings = []
    try:
        count = uploads.import_catalogue(
            lang, upload.read(), domain=domain, user=request.user, warnings=warnings
        )
    except uploads.CatalogueUploadError as exc:
        messages.error(
            request,
            _("The file was not used, and nothing was changed: %(reason)s")
            % {"reason": exc},
        )
    except TranslationRefused as refused:
        messages.error(
            request,
            _(
                "The file was not used, and nothing was changed: %(count)d "
                "translation(s) in it would break the page. Correct them and "
                "upload the file again."
            )
            % {"count": len(refused.findings)},
        )
        report_findings(request, refused.findings, messages.error)
    except TranslationConflict as conflict:
        return TemplateResponse(
            request,
            "translations/upload_conflicts.html",
            admin_context(
                request,
                title=_("The file was not used: it would replace newer translations"),
                lang=lang,
                catalogue=catalogue,
                language=get_language_info(lang),
                conflicts=conflict.conflicts,
            ),
            status=409,
        )
    else:
        messages.success(
            request,
            _("Took %(count)d translation(s) from the file.") % {"count": count},
        )
        report_findings(request, warnings)
    return redirect("admin:translations")
