"""The urge diary: entries in the journal, and the prompts that answer them."""

from modules.content.models import MotivationPrompt
from modules.journal.models import today
from modules.journey.signals import progress_made


def add_diary_entry(journal, cleaned):
    entry = {
        "d": today().isoformat(),
        **{k: cleaned[k] for k in ("strength", "situation", "did", "helped")},
    }
    # From the journal's latest version: another tab may have written meanwhile.
    with journal.changing() as data:
        data["diary"].append(entry)
        progress_made.send(sender=MotivationPrompt, what="diary_entry", subject=None)
    return entry


def diary_prompts(strength):
    prompts = MotivationPrompt.objects.filter(question__isnull=True).order_by(
        "position"
    )
    return [p for p in prompts if p.matches(strength)]
