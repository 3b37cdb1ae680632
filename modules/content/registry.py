"""The one list of program content models.

Whatever must happen for every kind of content (history, clearing the content
cache, exporting text for translation, the tests that check each model) loops
over this list, so a new kind of content is registered here once.
"""

from modules.content.models import (
    Choice,
    GlossaryTerm,
    Helpline,
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
)

# What a revision of each model also holds. Each item has its own history:
# a step holds its questions, a question its choices and prompts; a stage
# does not hold its steps, nor a track its stages, so restoring a stage
# never reverts or deletes a step.
REVISION_FOLLOWS = {
    Question: ("choices", "prompts"),
    Step: ("questions",),
}
