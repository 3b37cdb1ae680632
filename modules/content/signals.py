"""Signals other apps listen to, so content depends on none of them."""

from django.dispatch import Signal

# Sent after a clinician's edit in the admin has been saved or deleted
# (translations brings the catalogues up to date).
content_changed = Signal()
