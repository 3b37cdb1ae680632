"""Keeping the content catalogues in line with the program, and taking
translators' work in: from the admin's editor, or as an uploaded .po file.
Every change goes to the live catalogues in the database (``store.py``).

Each translatable field of each row is one gettext entry: its ``msgctxt`` is
the row's stable key (``<model>:<uuid>:<field>``) and its ``msgid`` the
current English text.
"""

import polib
from django.db import transaction
from django.utils import translation

from modules.content.models import GlossaryTerm, Helpline, MotivationPrompt, Page, Track
from modules.content.registry import CATALOGUE_SOURCES
from modules.translations import live, store
from modules.translations.checks import TranslationRefused, check_text
from modules.translations.conflicts import Conflict, TranslationConflict
from modules.translations.files import DOMAIN, target_languages
from modules.translations.models import Revision

HEADER = (
    "Program content of selfhelp. Keys (msgctxt) are <model>:<uuid>:<field>;\n"
    "written by `manage.py exportcatalogues`, edited in the admin or any .po editor."
)


def _question_entries(question, step_where):
    where = f'{step_where} > question "{question.key}"'
    yield from question.catalogue_entries(where)
    for choice in question.choices.all():
        yield from choice.catalogue_entries(f'{where} > choice "{choice.key}"')
    for prompt in question.prompts.all():
        yield from prompt.catalogue_entries(f"{where} > motivation prompt: {prompt}")


def _track_entries(track):
    where = f'Track "{track.slug}"'
    yield from track.catalogue_entries(where)
    for stage in track.stages.all():
        s_where = f'{where} > stage {stage.position + 1} "{stage.slug}"'
        yield from stage.catalogue_entries(s_where)
        for step in stage.steps.all():
            st_where = f'{s_where} > step "{step.slug}" ({step.kind})'
            yield from step.catalogue_entries(st_where)
            for question in step.questions.all():
                yield from _question_entries(question, st_where)


def content_entries():
    """Every translatable text in the database, in reading order, as
    ``(context, source text, where it appears)``."""
    # "Where" names things in English whatever language the request was in,
    # so an export from a Finnish page changes no comment.
    with translation.override("en"):
        return list(_all_entries())


def _all_entries():
    tracks = Track.objects.prefetch_related(
        "stages__steps__questions__choices", "stages__steps__questions__prompts__choice"
    )
    for track in tracks:
        yield from _track_entries(track)
    for page in Page.objects.all():
        yield from page.catalogue_entries(f'Page "{page.slug}"')
    for term in GlossaryTerm.objects.all():
        yield from term.catalogue_entries(f'Glossary "{term.slug}"')
    for helpline in Helpline.objects.prefetch_related("contacts"):
        where = f'Helpline "{helpline.slug}"'
        yield from helpline.catalogue_entries(where)
        for contact in helpline.contacts.all():
            yield from contact.catalogue_entries(f"{where} > contact {contact.value}")
    for prompt in MotivationPrompt.objects.filter(question__isnull=True):
        yield from prompt.catalogue_entries(f"Urge diary > motivation prompt: {prompt}")
    # Content other apps keep (surveys), after the program's own.
    for source in CATALOGUE_SOURCES:
        yield from source()


def _current_entry(entry, context, msgid, memory, counts):
    """``entry`` (None if the catalogue has none for ``context``) brought up to
    date with the source text ``msgid``, counting new and changed entries."""
    if entry is None:
        counts["new"] += 1
        return polib.POEntry(msgctxt=context, msgid=msgid, msgstr=memory.get(msgid, ""))
    entry.obsolete = False
    if not entry.msgstr and msgid in memory:
        entry.msgstr = memory[msgid]
    if entry.msgid != msgid:
        if entry.msgstr:
            if not entry.fuzzy:
                entry.previous_msgid = entry.msgid
                entry.flags.append("fuzzy")
            counts["changed"] += 1
        entry.msgid = msgid
    return entry


def _obsolete_entries(po, seen, counts):
    """The catalogue's entries for text that no longer exists, marked obsolete."""
    obsolete = []
    for entry in po:
        if entry.msgctxt not in seen:
            if not entry.obsolete:
                counts["obsolete"] += 1
            entry.obsolete = True
            entry.comment = ""
            obsolete.append(entry)
    return obsolete


def export_catalogue(lang: str, entries=None) -> dict[str, int]:
    """Bring the live content catalogue for ``lang`` in line with the program.

    New text is added (with the translation of identical text elsewhere, if
    any); changed text keeps its translation, marked fuzzy with the previous
    source; text that no longer exists becomes obsolete.
    """
    entries = list(content_entries()) if entries is None else entries
    counts = {"new": 0, "changed": 0, "obsolete": 0}
    with store.editing(lang) as po:
        existing = {e.msgctxt: e for e in po}
        memory = {
            e.msgid: e.msgstr for e in po if e.msgstr and not e.fuzzy and not e.obsolete
        }
        ordered, seen = [], set()
        for context, msgid, where in entries:
            if context in seen:
                continue
            seen.add(context)
            entry = _current_entry(
                existing.get(context), context, msgid, memory, counts
            )
            entry.comment = where
            ordered.append(entry)
        ordered += _obsolete_entries(po, seen, counts)
        po.header = HEADER
        po[:] = ordered
    live.expire()
    return counts


def export_after_commit(sender, **kwargs):
    """A clinician changed content: once the change is committed, bring every
    language's content catalogue up to date, so a changed English text shows up at
    once as "needs review" for translators."""
    transaction.on_commit(export_all)


def export_all() -> dict[str, dict[str, int]]:
    entries = list(content_entries())
    return {lang: export_catalogue(lang, entries) for lang in target_languages()}


def _normalised(text, review: bool) -> tuple:  # noqa: FBT001
    """Browsers send line breaks as CRLF; "needs review" means nothing
    without a translation. ``text`` is a string, or a plural entry's forms."""
    if isinstance(text, (tuple, list)):
        text = [form.replace("\r\n", "\n") for form in text]
        # The editor shows as many boxes as the language has forms (Babel may
        # count one more than an older translation has): empty boxes at the
        # end are no change.
        while text and not text[-1]:
            text.pop()
        text = tuple(text)
        return text, review and bool(text)
    text = text.replace("\r\n", "\n")
    return text, review and bool(text)


def _apply(entry, mine) -> None:
    store.set_text(entry, mine[0])
    entry.staff_edited = True
    if mine[1] and not entry.fuzzy:
        entry.flags.append("fuzzy")
    elif not mine[1] and entry.fuzzy:
        entry.flags.remove("fuzzy")
        entry.previous_msgid = None


def save_translations(
    lang: str,
    changes: dict[str, tuple],
    bases: dict[str, tuple] | None = None,
    *,
    domain: str = DOMAIN,
    user=None,
    how: str = Revision.How.EDITOR,
    warnings: list | None = None,
) -> int:
    """Apply ``{form key: (translation, needs_review)}``, all or nothing.

    The form key is ``store.form_key()`` of the entry; a plural entry's
    translation is the tuple of its forms. ``bases`` holds what the editor
    showed for each entry. An entry the translator left as shown is not
    written (whatever is stored now stays); a changed entry that someone else
    changed too since the page was shown is a conflict: nothing is saved and
    ``TranslationConflict`` lists both versions of each. A translation that
    fails a refusing check (``checks.py``) saves nothing either
    (``TranslationRefused``); the warnings of the rest go to ``warnings``.
    """
    changed, conflicts, findings = 0, [], []
    with store.editing(lang, domain, how=how, user=user) as po:
        by_key = {store.form_key(domain, e): e for e in po if not e.obsolete}
        for key, (text, needs_review) in changes.items():
            entry = by_key.get(key)
            if entry is None:
                continue
            mine = _normalised(text, needs_review)
            stored = _normalised(store.text_of(entry), entry.fuzzy)
            if mine == stored:
                continue
            if bases is not None and key in bases:
                base = _normalised(*bases[key])
                if mine == base:
                    continue
                if stored != base:
                    conflicts.append(Conflict.of(entry, mine, key))
                    continue
            findings += check_text(lang, domain, entry, mine[0])
            _apply(entry, mine)
            changed += 1
        refused = [f for f in findings if f.refuses]
        if refused:
            raise TranslationRefused(refused)  # rolls the whole save back
        if conflicts:
            raise TranslationConflict(conflicts)  # rolls the whole save back
    if warnings is not None:
        warnings += findings
    live.expire()
    return changed
