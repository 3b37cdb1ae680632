"""Two people, one translation: what is shown when a save or an upload
would replace a translation someone else changed after the translator
started from it. Staff work is never silently overwritten."""

from dataclasses import dataclass

from modules.translations.store import text_of


@dataclass(frozen=True)
class Conflict:
    context: str
    msgid: str
    where: str
    yours: str
    yours_review: bool
    theirs: str
    theirs_review: bool
    key: str = ""

    @classmethod
    def of(cls, entry, yours: tuple, key: str | None = None):
        """``entry`` as stored now against ``yours`` (text, needs review);
        a plural entry's forms are shown one per line."""
        return cls(
            context=entry.msgctxt,
            msgid=entry.msgid,
            where=entry.comment or "",
            yours=_shown(yours[0]),
            yours_review=yours[1],
            theirs=_shown(text_of(entry)),
            theirs_review=bool(entry.fuzzy),
            key=entry.msgctxt if key is None else key,
        )


def _shown(text) -> str:
    return "\n".join(text) if isinstance(text, tuple) else text


class TranslationConflict(Exception):
    """Nothing was saved: ``conflicts`` lists both versions of each entry."""

    def __init__(self, conflicts: list[Conflict]):
        super().__init__(f"{len(conflicts)} conflicting translation(s)")
        self.conflicts = conflicts
