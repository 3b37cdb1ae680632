"""The reply openings' text, walked for the content catalogues (content.po).

``MessagingConfig.ready()`` registers this walk with
``content.registry.register_catalogue_source``, as the surveys app does, so
that content and translations need not know that messaging exists.
"""

from modules.messaging.models import ReplyOpening


def opening_entries():
    """``(context, source text, where it appears)`` for every reply opening."""
    for opening in ReplyOpening.objects.all():
        yield from opening.catalogue_entries(f'Reply opening "{opening.title}"')
