"""Signals other apps listen to (the staff side counts them by week), so the
journey depends on nothing that counts."""

from django.dispatch import Signal

# Sent once per visitor and thing done, with ``what`` one of "step",
# "stage", "track" (completed for the first time) or "diary_entry", and
# ``subject`` the step, stage or track concerned (None for a diary entry).
progress_made = Signal()
