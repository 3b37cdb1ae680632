"""Checks every translation staff save, upload or restore: translate-toolkit's
pofilter checks (what Weblate runs), plus two of our own for what it has no
check for (Markdown link targets) or checks too loosely (length).

A check either refuses (the text would break the page: a placeholder Python
cannot fill, a link to nowhere, a lost HTML tag) or warns (the text may be
right: a translator may spell a number out or point to a page in their own
language). Refusing means nothing of the save or upload is kept.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

from modules.translations import store
from modules.translations.files import DOMAIN
from modules.translations.formats import BRACE, PRINTF

try:
    from translate.filters import checks as toolkit
except ImportError as exc:  # pragma: no cover - the lock installs it
    raise ImportError(
        "translate-toolkit is missing: the translation checks need it "
        "(pyproject.toml locks translate-toolkit 3.20)."
    ) from exc

# A Markdown link's target: [text](target).
LINK_TARGET = re.compile(r"\]\(\s*([^)\s]+)")
# How much longer a translation may be before the editor says so: German
# and Finnish run ~30-40% longer than English; three times is a pasted
# paragraph or a wrong entry. Short strings vary too much to judge.
LONG_RATIO, LONG_FROM = 3, 20


class Checker(toolkit.StandardChecker):
    """translate-toolkit's standard checks with two of ours beside them."""

    def markdownlinks(self, str1: str, str2: str) -> bool:
        """Every link of the English keeps its target ((tool:plan), a URL):
        the words may change, the place it leads to may not."""
        if sorted(LINK_TARGET.findall(str1)) != sorted(LINK_TARGET.findall(str2)):
            missing = set(LINK_TARGET.findall(str1)) - set(LINK_TARGET.findall(str2))
            unknown = set(LINK_TARGET.findall(str2)) - set(LINK_TARGET.findall(str1))
            detail = ", ".join(
                [
                    *(f"-({t})" for t in sorted(missing)),
                    *(f"+({t})" for t in sorted(unknown)),
                ]
            )
            raise toolkit.FilterFailure(detail or "count")
        return True

    def muchlonger(self, str1: str, str2: str) -> bool:
        # translate-toolkit's own "long" only fires at ten times the length.
        source, target = len(str1.strip()), len(str2.strip())
        if source >= LONG_FROM and target > LONG_RATIO * source:
            raise toolkit.FilterFailure(f"{target} / {source}")
        return True


def _what(name: str) -> str:
    """What is wrong, in the staff member's language."""
    messages = {
        "printf": _("its placeholders (such as %(example)s) differ from the English")
        % {"example": "%(name)s"},
        "pythonbraceformat": _(
            "its placeholders (such as %(example)s) differ from the English"
        )
        % {"example": "{name}"},
        "markdownlinks": _(
            "its links lead somewhere else than the English ones: keep each "
            "link's target, such as (tool:plan), exactly as it is"
        ),
        "xmltags": _("its HTML tags differ from the English"),
        "urls": _("its web addresses differ from the English"),
        "emails": _("its e-mail addresses differ from the English"),
        "numbers": _("its numbers differ from the English"),
        "startwhitespace": _("it starts with other spaces than the English"),
        "endwhitespace": _("it ends with other spaces or line breaks than the English"),
        "muchlonger": _("it is much longer than the English"),
    }
    return messages[name]


# name -> refuses? Placeholders, link targets and the interface's HTML tags
# refuse: the page would fail or lead nowhere. The rest may be right (a
# local address, a number in words, a longer language) and only warn.
CONTENT_CHECKS = {
    "printf": True,
    "pythonbraceformat": True,
    "markdownlinks": True,
    "urls": False,
    "emails": False,
    "numbers": False,
    "startwhitespace": False,
    "endwhitespace": False,
    "muchlonger": False,
}
# The interface's strings hold HTML from the templates; content is Markdown
# (raw HTML is escaped there, so a tag in it is text).
INTERFACE_CHECKS = {**CONTENT_CHECKS, "xmltags": True}
PLACEHOLDERS = {"printf": PRINTF, "pythonbraceformat": BRACE}


@lru_cache(maxsize=32)
def _checker(lang: str) -> Checker:
    return Checker(checkerconfig=toolkit.CheckerConfig(targetlanguage=lang))


@dataclass(frozen=True)
class Finding:
    """One problem of one entry's translation."""

    msgid: str
    context: str
    where: str
    check: str
    detail: str
    refuses: bool
    # How the editor's form names the entry (store.form_key).
    key: str = ""

    def __str__(self):
        english = self.msgid if len(self.msgid) <= 80 else self.msgid[:77] + "..."
        return _("“%(english)s” (%(context)s): %(problem)s (%(detail)s).") % {
            "english": english,
            "context": self.context or self.where or _("no context"),
            "problem": _what(self.check),
            "detail": self.detail,
        }


class TranslationRefused(Exception):
    """Nothing was saved: ``findings`` says which entries and why."""

    def __init__(self, findings: list[Finding]):
        super().__init__(" ".join(str(f) for f in findings))
        self.findings = findings


def check_text(lang, domain, entry, text) -> list[Finding]:
    """The findings for ``text`` as the translation of ``entry`` (its forms
    as a tuple for a plural entry). An empty translation is not checked."""
    checker = _checker(lang)
    names = INTERFACE_CHECKS if domain != DOMAIN else CONTENT_CHECKS
    forms = text if isinstance(text, tuple) else (text,)
    findings = []
    for index, form in enumerate(forms):
        if not form:
            continue
        source = (
            entry.msgid if index == 0 or not entry.msgid_plural else entry.msgid_plural
        )
        for name, refuses in names.items():
            try:
                getattr(checker, name)(source, form)
            except toolkit.FilterFailure as failure:
                detail = "; ".join(getattr(failure, "messages", None) or [str(failure)])
                if entry.msgid_plural and name in PLACEHOLDERS:
                    # A plural form may leave the number out ("one day"),
                    # but may not bring in a placeholder the English lacks.
                    pattern = PLACEHOLDERS[name]
                    english = set(
                        pattern.findall(f"{entry.msgid} {entry.msgid_plural}")
                    )
                    refuses = not set(pattern.findall(form)) <= english
                findings.append(
                    Finding(
                        msgid=entry.msgid,
                        context=entry.msgctxt or "",
                        where=entry.comment or "",
                        check=name,
                        detail=detail,
                        refuses=refuses,
                        key=store.form_key(domain, entry),
                    )
                )
    return findings
