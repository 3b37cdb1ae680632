"""The program's content: tracks and what they are made of, and the pages,
glossary and helplines around them."""

from modules.content.models.base import (
    MARKDOWN_HELP,
    Keyed,
    Ordered,
    Publishable,
    PublishedQuerySet,
    Translatable,
)
from modules.content.models.resources import GlossaryTerm, Helpline, Page
from modules.content.models.track import (
    Choice,
    MotivationPrompt,
    Question,
    Stage,
    Step,
    Track,
)
from modules.content.models.version import ContentVersion

__all__ = [
    "MARKDOWN_HELP",
    "Choice",
    "ContentVersion",
    "GlossaryTerm",
    "Helpline",
    "Keyed",
    "MotivationPrompt",
    "Ordered",
    "Page",
    "Publishable",
    "PublishedQuerySet",
    "Question",
    "Stage",
    "Step",
    "Track",
    "Translatable",
]
