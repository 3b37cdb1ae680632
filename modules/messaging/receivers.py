"""What the messaging side does when the journal tells it something."""

from modules.journal.models import scrub_deleted
from modules.messaging.conversations import forget_visitor_data


def delete_with_journal(sender, data=None, **kwargs):
    """ "Delete everything now" takes the visitor's conversation with it."""
    forget_visitor_data(data)
    scrub_deleted()
