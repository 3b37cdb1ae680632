"""The one list of program content models.

Whatever must happen for every kind of content (history, clearing the content
cache, exporting text for translation, the tests that check each model) loops
over this list, so a new kind of content is registered here once.
"""

from modules.content.models import (
    Choice,
    GlossaryTerm,
    Helpline,
    HelplineContact,
    MotivationPrompt,
    Page,
    Question,
    Stage,
    Step,
    Track,
)

# In the order translators and the loader meet them.
CONTENT_MODELS = (
    Track,
    Stage,
    Step,
    Question,
    Choice,
    MotivationPrompt,
    Page,
    GlossaryTerm,
    Helpline,
    HelplineContact,
)

# What a revision of each model also holds. Each item has its own history:
# a step holds its questions, a question its choices and prompts; a stage
# does not hold its steps, nor a track its stages, so restoring a stage
# never reverts or deletes a step.
REVISION_FOLLOWS = {
    Question: ("choices", "prompts"),
    Step: ("questions",),
    Helpline: ("contacts",),
}

# Program content kept in another app (surveys) joins the translators'
# catalogues through this list: that app registers a walk of its rows from
# its AppConfig.ready(), so content imports no other app. Each source is a
# function yielding ``(context, source text, where it appears)``.
CATALOGUE_SOURCES = []


def register_catalogue_source(entries):
    """Add ``entries()`` to what the content catalogues export (once)."""
    if entries not in CATALOGUE_SOURCES:
        CATALOGUE_SOURCES.append(entries)
