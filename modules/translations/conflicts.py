"""Two people, one translation: what is shown when a save or an upload
would replace a translation someone else changed after the translator
started from it. Staff work is never silently overwritten."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Conflict:
    context: str
    msgid: str
    where: str
    yours: str
    yours_review: bool
    theirs: str
    theirs_review: bool

    @classmethod
    def of(cls, entry, yours: tuple[str, bool]):
        """``entry`` as stored now against ``yours`` (text, needs review)."""
        return cls(
            context=entry.msgctxt,
            msgid=entry.msgid,
            where=entry.comment or "",
            yours=yours[0],
            yours_review=yours[1],
            theirs=entry.msgstr,
            theirs_review=bool(entry.fuzzy),
        )


class TranslationConflict(Exception):
    """Nothing was saved: ``conflicts`` lists both versions of each entry."""

    def __init__(self, conflicts: list[Conflict]):
        super().__init__(f"{len(conflicts)} conflicting translation(s)")
        self.conflicts = conflicts
