"""The translators' editor: the English beside the translation, for either
catalogue (the program's content or the interface).

Each entry shows what it needs to be translated well: where it appears, the
English before it changed, the language's key terms found in its English
(``glossary.py``) and its history, from which an earlier text can be
restored. A save (or a restore) goes through the checks and the conflict
protection of ``sync.save_translations``: when it is refused, nothing is
saved and the translator's text stays in the boxes.
"""

import gettext as gettext_module

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from modules.translations import files, formats, glossary, store, sync
from modules.translations.admin_views import (
    DOMAIN_NAMES,
    admin_context,
    check_access,
    report_findings,
)
from modules.translations.checks import TranslationRefused
from modules.translations.conflicts import TranslationConflict
from modules.translations.models import Catalogue, Revision

PER_PAGE = 20
HISTORY_SHOWN = 10
# More plural forms than any language has (Arabic has six).
MAX_FORMS = 8
FILTERS = {
    "missing": lambda e: not files.is_translated(e),
    "review": lambda e: files.is_translated(e) and e.fuzzy,
    "translated": lambda e: files.is_translated(e) and not e.fuzzy,
    "all": lambda e: True,
}


def _forms_posted(post, name, key):
    count = post.get(f"forms::{key}", "")
    count = min(int(count), MAX_FORMS) if count.isdigit() else 0
    return tuple(post.get(f"{name}::{key}::{i}", "") for i in range(count))


def _posted(request):
    """The editor's form: ``{key: (text, needs review)}`` as typed, and the
    same as the page showed them (what the save is merged against). A
    plural entry's text is the tuple of its forms."""
    post = request.POST
    changes, bases = {}, {}
    for key in post.getlist("context"):
        review = post.get(f"review::{key}") == "on"
        base_review = post.get(f"basereview::{key}") == "1"
        if post.get(f"forms::{key}"):
            changes[key] = (_forms_posted(post, "msgstr", key), review)
            if f"base::{key}::0" in post:
                bases[key] = (_forms_posted(post, "base", key), base_review)
            continue
        changes[key] = (post.get(f"msgstr::{key}", ""), review)
        if f"base::{key}" in post:
            bases[key] = (post.get(f"base::{key}", ""), base_review)
    return changes, bases


def _restoring(request, lang, domain, changes):
    """Put the text a history "Restore" button asked for into ``changes``."""
    if not request.POST.get("restore", "").isdigit():
        return False
    revision = (
        Revision.objects.filter(
            pk=int(request.POST["restore"]),
            entry__catalogue__lang=lang,
            entry__catalogue__domain=domain,
        )
        .select_related("entry")
        .first()
    )
    if revision is None:
        return False
    old = revision.entry
    old.msgstr, old.msgstr_plural = revision.old_msgstr, revision.old_plural
    changes[store.form_key(domain, revision.entry)] = (
        store.text_of(old),
        revision.old_fuzzy,
    )
    return True


def _plural_labels(lang: str, domain: str) -> list[str]:
    """For each plural form of the catalogue, the numbers it is used for."""
    metadata = (
        Catalogue.objects.filter(lang=lang, domain=domain)
        .values_list("metadata", flat=True)
        .first()
    ) or {}
    count, plural_forms = formats.plural_forms(lang, metadata.get("Plural-Forms", ""))
    expression = plural_forms.split("plural=", 1)[1].rstrip(";")
    which = gettext_module.c2py(expression)
    examples = {i: [] for i in range(count)}
    for n in range(1001):
        form = which(n)
        if form in examples and len(examples[form]) < 4:
            examples[form].append(str(n))
    return [
        _("Form for %(numbers)s…") % {"numbers": ", ".join(examples[i])}
        for i in range(count)
    ]


def _history(lang, domain, entries) -> dict[str, list]:
    keys = {store.entry_key(domain, e.msgctxt, e.msgid) for e in entries}
    found = {}
    revisions = (
        Revision.objects.filter(
            entry__catalogue__lang=lang,
            entry__catalogue__domain=domain,
            entry__key__in=keys,
        )
        .select_related("user", "entry")
        .order_by("-version", "-pk")
    )
    for revision in revisions:
        shown = found.setdefault(revision.entry.key, [])
        if len(shown) < HISTORY_SHOWN:
            shown.append(revision)
    return found


def _prepare(lang, domain, entries, findings=()):
    """What the template shows beside each entry."""
    labels = _plural_labels(lang, domain)
    history = _history(lang, domain, entries)
    by_key = {}
    for finding in findings:
        by_key.setdefault(finding.key, []).append(str(finding))
    for entry in entries:
        entry.key = store.form_key(domain, entry)
        if entry.msgid_plural:
            text, base = store.text_of(entry), entry.base
            count = max(len(labels), len(text), len(base))
            entry.forms = [
                {
                    "index": i,
                    "label": labels[i] if i < len(labels) else str(i),
                    "text": text[i] if i < len(text) else "",
                    "base": base[i] if i < len(base) else "",
                }
                for i in range(count)
            ]
        entry.history = history.get(
            store.entry_key(domain, entry.msgctxt, entry.msgid), []
        )
        entry.terms = glossary.terms_for(lang, f"{entry.msgid} {entry.msgid_plural}")
        entry.findings = by_key.get(entry.key, [])
    return entries


def _joined(text) -> str:
    return "\n".join(text) if isinstance(text, tuple) else text


def _shown(entries):
    """Entries as the editor shows them: what it started from is what is stored."""
    for entry in entries:
        entry.base, entry.base_review = store.text_of(entry), entry.fuzzy
        entry.theirs = None
    return entries


def _with_posted(lang, domain, changes, bases, conflicts=()):
    """The entries of a refused save, with the translator's text kept. For
    each conflict the version saved meanwhile is shown, and becomes the
    base: saving again replaces it knowingly."""
    by_key = {store.form_key(domain, e): e for e in store.load(lang, domain)}
    theirs = {c.key: c for c in conflicts}
    entries = []
    for key, (text, review) in changes.items():
        entry = by_key.get(key)
        if entry is None:
            continue
        base = bases.get(key, (store.text_of(entry), entry.fuzzy))
        conflict = theirs.get(key)
        if conflict is not None:
            base = (store.text_of(entry), entry.fuzzy)
        entry.base, entry.base_review = base
        entry.theirs = conflict.theirs if conflict else None
        if isinstance(text, tuple):
            store.set_text(entry, tuple(f.replace("\r\n", "\n") for f in text))
        else:
            entry.msgstr = text.replace("\r\n", "\n")
        entry.flags = ["fuzzy"] if review else []
        entries.append(entry)
    return entries


def _refused(request, lang, catalogue, entries, message, findings=()):
    domain = store.INTERFACE if catalogue == "interface" else files.DOMAIN
    messages.error(request, message)
    page = Paginator(entries, max(1, len(entries))).get_page(1)
    _prepare(lang, domain, page.object_list, findings)
    return page


def _save(request, lang, catalogue, domain):
    changes, bases = _posted(request)
    restoring = _restoring(request, lang, domain, changes)
    how = Revision.How.RESTORE if restoring else Revision.How.EDITOR
    warnings = []
    try:
        count = sync.save_translations(
            lang,
            changes,
            bases,
            domain=domain,
            user=request.user,
            how=how,
            warnings=warnings,
        )
    except TranslationRefused as refused:
        entries = _with_posted(lang, domain, changes, bases)
        message = _(
            "Nothing was saved: %(count)d translation(s) would break the page. "
            "What is wrong is shown beside each; your text is still in the box."
        ) % {"count": len(refused.findings)}
        report_findings(request, refused.findings, messages.error)
        return _refused(request, lang, catalogue, entries, message, refused.findings)
    except TranslationConflict as conflict:
        entries = _with_posted(lang, domain, changes, bases, conflict.conflicts)
        message = _(
            "Nothing was saved: someone else changed %(count)d of these "
            "translations after you opened this page. Their version is shown "
            "above yours; your text is still in the box. Keep what is right "
            "and save again."
        ) % {"count": len(conflict.conflicts)}
        return _refused(request, lang, catalogue, entries, message)
    if restoring:
        messages.success(request, _("The earlier text is back."))
    messages.success(request, _("Saved %(count)d translation(s).") % {"count": count})
    report_findings(request, warnings)
    return None


def edit(request, lang, catalogue="content"):
    domain = check_access(request, lang, catalogue)
    show = request.GET.get("show", "missing")
    if show not in FILTERS:
        show = "missing"
    query = request.GET.get("q", "").strip()
    if request.method == "POST":
        refused = _save(request, lang, catalogue, domain)
        if refused is None:
            return redirect(request.get_full_path())
        response = _render(request, lang, catalogue, refused, show, query)
        response.status_code = (
            409 if any(e.theirs is not None for e in refused.object_list) else 400
        )
        return response

    po = store.load(lang, domain)
    entries = [e for e in po if not e.obsolete and FILTERS[show](e)]
    if query:
        q = query.casefold()
        entries = [
            e
            for e in entries
            if q in e.msgid.casefold()
            or q in _joined(store.text_of(e)).casefold()
            or q in (e.comment or "").casefold()
            or q in (e.msgctxt or "").casefold()
        ]
    page = Paginator(_shown(entries), PER_PAGE).get_page(request.GET.get("page"))
    _prepare(lang, domain, page.object_list)
    return _render(request, lang, catalogue, page, show, query, po)


def _render(request, lang, catalogue, page, show, query, po=None):
    info = get_language_info(lang)
    domain = check_access(request, lang, catalogue)
    return TemplateResponse(
        request,
        "translations/edit.html",
        admin_context(
            request,
            title=_("Translate into %(language)s: %(catalogue)s")
            % {"language": info["name"], "catalogue": DOMAIN_NAMES[catalogue]},
            lang=lang,
            catalogue=catalogue,
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
            status=files.catalogue_status(
                po if po is not None else store.load(lang, domain)
            ),
        ),
    )
