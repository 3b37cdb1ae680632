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

# What a revision of each model also holds, so restoring or undeleting one
# brings the whole of it back (a stage with its steps, a step with its
# questions, a question with its choices and prompts).
REVISION_FOLLOWS = {
    Question: ("choices", "prompts"),
    Step: ("questions",),
    Stage: ("steps",),
    Helpline: ("contacts",),
}
