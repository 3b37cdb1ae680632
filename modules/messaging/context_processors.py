"""The "a counsellor has replied" marker in every page's header.

Lazy: the check runs only if the page's template asks (base.html does), and
it costs something only for a visitor whose browser holds a journal cookie.
Without one there is nothing to check and nothing is read. With one, the
journal is opened once per request anyway by most pages (the journal box,
the program's pages), and ``JournalSession`` decrypts at most once per
request, so the marker adds one indexed look-up by conversation id, and only
for journals that have a conversation at all.
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
