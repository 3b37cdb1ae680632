"""The urge diary: entries in the journal, and the prompts that answer them.

The diary keeps at most ``DIARY_MAX_ENTRIES`` entries (and the whole journal
at most ``JOURNAL_MAX_BYTES``). Past that a new entry is refused, never an
old one dropped: the visitor decides which entries to delete, after
downloading the workbook if they want a copy.
"""

import secrets

from django.conf import settings

from modules.content.models import MotivationPrompt
from modules.journal.models import today
from modules.journal.session import JournalFull
from modules.journey.signals import progress_made


def is_full(entries) -> bool:
    return len(entries) >= settings.DIARY_MAX_ENTRIES


# Form tokens remembered per journal: enough to recognise a form sent twice
# (a double tap, a reload that sends it again), small enough to never matter.
TOKENS_KEPT = 20


def new_form_token() -> str:
    return secrets.token_urlsafe(12)


def add_diary_entry(journal, cleaned, token=""):
    """Add an entry, unless this form (``token``) was already saved; returns
    the entry, or None for a repeat. Raises ``JournalFull`` if the diary or
    journal has no room."""
    entry = {
        # Random, so deleting one entry never hits another added meanwhile.
        "i": secrets.token_hex(6),
        "d": today().isoformat(),
        **{k: cleaned[k] for k in ("strength", "situation", "did", "helped")},
    }
    with journal.changing() as data:
        tokens = data.setdefault("tokens", [])
        if token and token in tokens:
            return None
        if is_full(data["diary"]):
            raise JournalFull
        data["diary"].append(entry)
        if token:
            data["tokens"] = [*tokens, token][-TOKENS_KEPT:]
        progress_made.send(sender=MotivationPrompt, what="diary_entry", subject=None)
    return entry


def delete_diary_entry(journal, entry_id) -> bool:
    """Delete the entry with this id; False if there is none."""
    if not journal.exists or not any(
        e.get("i") == entry_id for e in journal.data["diary"]
    ):
        return False
    with journal.changing() as data:
        data["diary"] = [e for e in data["diary"] if e.get("i") != entry_id]
    return True


def diary_prompts(strength):
    prompts = MotivationPrompt.objects.filter(question__isnull=True).order_by(
        "position"
    )
    return [p for p in prompts if p.matches(strength)]
