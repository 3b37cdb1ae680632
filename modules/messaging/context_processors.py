"""The "a counsellor has replied" marker in the header of every page.

The conversation's id is inside the encrypted journal, so knowing whether a
reply waits needs the journal decrypted. A visitor with a journal cookie
pays one database read and one symmetric decryption on pages that would not
otherwise open the journal (about, privacy, get help, act now, the
glossary): small beside a request over Tor, and what makes the marker
reliable for someone who comes back to read a reply (issue 17: "a clear
marker on every page"). Only saved journals can have a conversation, and
the look-up by conversation id is indexed. A visitor without a journal
cookie costs nothing anywhere, and pages served from the first-visit cache
never reach this code.
"""

from django.db import DatabaseError

from modules.messaging.conversations import reply_waiting as _reply_waiting


def reply_waiting(request):
    def check():
        journal = getattr(request, "journal", None)
        if journal is None:
            return False
        try:
            return journal.is_saved and _reply_waiting(journal)
        except DatabaseError:
            # An outage must not turn every page into an error page.
            return False

    return {"messaging_reply_waiting": check}
