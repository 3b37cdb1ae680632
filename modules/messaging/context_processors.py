"""The "a counsellor has replied" marker in the header of every page that
has opened the visitor's journal.

The conversation's id is inside the encrypted journal, so knowing whether a
reply waits needs the journal decrypted. Pages that use the journal anyway
(home, the program, My plan, progress, the diary, messages, save and
continue) have decrypted it before the template renders; there the marker
adds one indexed look-up by conversation id, and only for journals that have
a conversation. Pages that do not need the journal (about, privacy, get
help, act now, the glossary) do not decrypt it just for the marker: a
database read and a decryption on every page would be paid by every
returning visitor for a reply that few have waiting. A visitor without a
journal cookie costs nothing anywhere.
"""

from django.db import DatabaseError

from modules.messaging.conversations import reply_waiting as _reply_waiting


def reply_waiting(request):
    def check():
        journal = getattr(request, "journal", None)
        if journal is None:
            return False
        try:
            return journal.is_open and journal.is_saved and _reply_waiting(journal)
        except DatabaseError:
            # An outage must not turn every page into an error page.
            return False

    return {"messaging_reply_waiting": check}
