"""Each language's key terms, shown beside the entry being edited.

The terms live where translators and reviewers keep them, in
``docs/terminology/<lang>.md``: a Markdown table ``| English | <Language> |
Notes |``. This module reads that table (cached until the file changes) and
finds the terms whose English appears in an entry's English. A language
without a file simply has no glossary.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

# "child sexual abuse material (CSAM)", "lapse / relapse", "stage, step,
# track": each part is looked for on its own; a note in brackets is not
# part of the term, an abbreviation in brackets is.
SEPARATORS = re.compile(r"\s*(?:,|;|\s/\s)\s*")
BRACKETS = re.compile(r"\(([^)]*)\)")
ABBREVIATION = re.compile(r"^[A-Z]{2,}$")
MIN_LENGTH = 3


@dataclass(frozen=True)
class Term:
    english: str
    translation: str
    notes: str
    patterns: tuple[re.Pattern, ...]

    def found_in(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


def terminology_dir() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "terminology"


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _plain(markdown: str) -> str:
    """The cell as plain text: emphasis marks and code ticks dropped."""
    return re.sub(r"[*`]", "", markdown).strip()


def _patterns(english: str) -> tuple[re.Pattern, ...]:
    variants = []
    for part in SEPARATORS.split(english):
        variants += [a for a in BRACKETS.findall(part) if ABBREVIATION.match(a)]
        variants.append(BRACKETS.sub("", part).replace('"', ""))
    return tuple(
        re.compile(rf"(?<!\w){re.escape(v.strip())}(?!\w)", re.IGNORECASE)
        for v in dict.fromkeys(variants)
        if len(v.strip()) >= MIN_LENGTH
    )


def parse(text: str) -> list[Term]:
    """The terms of the first table whose first column is "English"."""
    terms, in_table = [], False
    for line in text.splitlines():
        if not line.lstrip().startswith("|"):
            if in_table:
                break
            continue
        cells = _cells(line)
        if not in_table:
            in_table = cells[0].lower() == "english"
            continue
        if set("".join(cells)) <= set("-: "):
            continue  # the |---|---| line
        if len(cells) < 2 or not cells[0]:
            continue
        english = _plain(cells[0])
        terms.append(
            Term(
                english=english,
                translation=_plain(cells[1]),
                notes=_plain(cells[2]) if len(cells) > 2 else "",
                patterns=_patterns(english),
            )
        )
    return terms


@lru_cache(maxsize=64)
def _read(path: Path, mtime: float) -> tuple[Term, ...]:
    return tuple(parse(path.read_text(encoding="utf-8")))


def terms(lang: str) -> tuple[Term, ...]:
    """``lang``'s terms; none if it has no terminology file."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", lang):
        return ()
    path = terminology_dir() / f"{lang}.md"
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return ()
    return _read(path, mtime)


def terms_for(lang: str, english: str) -> list[Term]:
    """The terms whose English appears in ``english`` (case-insensitive,
    whole words), in the table's order."""
    return [term for term in terms(lang) if term.found_in(english or "")]
