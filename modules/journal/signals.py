"""Signals other apps listen to, so the journal depends on none of them."""

from django.dispatch import Signal

# Sent the first time a journal is saved with a code (the staff side counts
# it, by week, and nothing else).
journal_saved = Signal()

# Sent when the visitor deletes everything, with their decrypted journal as
# ``data``, so an app that keeps something of theirs elsewhere (their
# conversation with counsellors) can delete it too, at once.
journal_deleted = Signal()
