"""Signals other apps listen to, so the journal depends on none of them."""

from django.dispatch import Signal

# Sent the first time a journal is saved with a code (the staff side counts
# it, by week, and nothing else).
journal_saved = Signal()
