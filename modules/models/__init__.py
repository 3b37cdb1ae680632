"""The program app's models, by concern."""

from modules.models.content import (  # noqa: F401
    MARKDOWN_HELP,
    Choice,
    GlossaryTerm,
    Helpline,
    MotivationPrompt,
    Page,
    Program,
    PublishedQuerySet,
    Question,
    Stage,
    Step,
    Translatable,
)
from modules.models.journey import CodeThrottle, Journal, UsageCount  # noqa: F401
from modules.models.staff import StaffSignInLock  # noqa: F401
