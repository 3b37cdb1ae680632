"""The program's content: tracks and what they are made of, and the pages,
glossary and helplines around them."""

from modules.content.models.base import (
    MARKDOWN_HELP,
    Draft,
    Keyed,
    Ordered,
    Publishable,
    PublishedQuerySet,
    Translatable,
    UpstreamItem,
)
from modules.content.models.prompts import MotivationPrompt
from modules.content.models.resources import (
    GlossaryTerm,
    Helpline,
    HelplineContact,
    Page,
)
from modules.content.models.track import (
    Choice,
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
    "Draft",
    "GlossaryTerm",
    "Helpline",
    "HelplineContact",
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
    "UpstreamItem",
]
