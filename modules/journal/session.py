"""The visitor's journal: one object owns the cookie, the key and the record.

The key and the record's lookup id live only in the visitor's cookie (or are
derived from their save code); the database holds the ciphertext, whether it
was saved with a code, and the day it was last used. Without the cookie or
the code the record cannot be read by anyone.

Views never touch the cookie or the code protocol: they use
``request.journal`` (a ``JournalSession``, set by ``JournalMiddleware``), and
``save_with_new_code()`` / ``continue_with_code()``, which raise one of the
``CodeProblem`` kinds in ``codes.py`` with the visitor's message.
"""

from django.conf import settings
from django.db import transaction

from modules.journal import codes
from modules.journal.crypto import (
    JournalUnreadable,
    decrypt,
    empty_data,
    encrypt,
    new_key,
    new_lookup,
    pack_cookie,
    unpack_cookie,
)
from modules.journal.models import Journal, today
from modules.journal.signals import journal_saved

COOKIE_NAME = "journal"


class JournalSession:
    """The visitor's journal for one request."""

    def __init__(self, request):
        self._cookie = request.COOKIES.get(COOKIE_NAME)
        self._loaded = False
        self._data = None
        self._lookup = None
        self._key = None
        self._is_saved = False
        self._set_cookie = False
        self._clear_cookie = False
        # Set when the visitor's cookie could not be used (tampered, expired
        # or purged): the page explains that they are starting afresh.
        self.was_unreadable = False

    # --- reading ---------------------------------------------------------

    def _load(self):
        if self._loaded:
            return
        self._loaded = True
        if not self._cookie:
            return
        try:
            lookup, key = unpack_cookie(self._cookie)
            record = Journal.objects.filter(lookup=lookup).first()
            if record is None:
                raise JournalUnreadable
            self._data = decrypt(key, lookup, record.ciphertext)
        except JournalUnreadable:
            self.was_unreadable = True
            self._clear_cookie = True
            return
        self._lookup, self._key, self._is_saved = lookup, key, record.is_saved
        if record.last_used != today():
            Journal.objects.filter(lookup=lookup).update(last_used=today())

    @property
    def notice_unreadable(self) -> bool:
        """Whether to tell the visitor their earlier journal could not be opened."""
        self._load()
        return self.was_unreadable

    @property
    def exists(self) -> bool:
        self._load()
        return self._data is not None

    @property
    def is_saved(self) -> bool:
        self._load()
        return self._is_saved

    @property
    def data(self) -> dict:
        """The decrypted journal (an empty one if the visitor has none yet)."""
        self._load()
        if self._data is None:
            self._data = empty_data()
        return self._data

    # --- writing ---------------------------------------------------------

    def save(self):
        """Encrypt and store the journal, creating it (and its key) if new."""
        self._load()
        if self._lookup is None:
            self._lookup, self._key = new_lookup(), new_key()
            self._set_cookie = True
        self._store(self._lookup, self._key, is_saved=self._is_saved)

    def _store(self, lookup, key, *, is_saved):
        Journal.objects.update_or_create(
            lookup=lookup,
            defaults={
                "ciphertext": encrypt(key, lookup, self.data),
                "is_saved": is_saved,
                "last_used": today(),
            },
        )

    @transaction.atomic
    def _rekey(self, lookup: str, key: bytes):
        """Move the journal to a lookup id and key derived from a save code,
        deleting the old record."""
        old = self._lookup
        self._store(lookup, key, is_saved=True)
        if old and old != lookup:
            Journal.objects.filter(lookup=old).delete()
        self._lookup, self._key, self._is_saved = lookup, key, True
        self._set_cookie = True
        self._clear_cookie = False

    def delete(self):
        """Remove the record from the database at once, and forget the key."""
        self._load()
        if self._lookup:
            Journal.objects.filter(lookup=self._lookup).delete()
        self._data = empty_data()
        self._lookup = self._key = None
        self._is_saved = False
        self._set_cookie = False
        self._clear_cookie = True

    def forget(self):
        """Drop the key from this browser without deleting the record."""
        self._data = None
        self._loaded = True
        self._lookup = self._key = None
        self._set_cookie = False
        self._clear_cookie = True

    # --- save codes --------------------------------------------------------

    def save_with_new_code(self) -> str:
        """Save the journal under a new code, and return the code (formatted
        for display). The code is never stored; the old record, or the one
        under a previous code, is deleted. Raises ``codes.Busy``."""
        code = codes.generate()
        lookup, key = codes.derive(codes.normalize(code))
        first_save = not self.is_saved
        self._rekey(lookup, key)
        if first_save:
            journal_saved.send(sender=JournalSession)
        return code

    def continue_with_code(self, typed: str):
        """Switch this browser to the journal saved under ``typed``.

        Raises ``EmptyCode``, ``MalformedCode``, ``Busy`` or ``UnknownCode``
        (all ``codes.CodeProblem``).
        """
        symbols = codes.normalize(typed)
        lookup, key = codes.derive(symbols)
        record = Journal.objects.filter(lookup=lookup, is_saved=True).first()
        try:
            if record is None:
                raise JournalUnreadable
            self._data = decrypt(key, lookup, record.ciphertext)
        except JournalUnreadable:
            raise codes.UnknownCode from None
        self._loaded = True
        self._lookup, self._key, self._is_saved = lookup, key, True
        Journal.objects.filter(lookup=lookup).update(last_used=today())
        self._set_cookie = True
        self._clear_cookie = False

    # --- the cookie --------------------------------------------------------

    def apply_cookie(self, response):
        if self._set_cookie and self._lookup and self._key:
            response.set_cookie(
                COOKIE_NAME,
                pack_cookie(self._lookup, self._key),
                max_age=settings.JOURNAL_COOKIE_AGE,
                httponly=True,
                samesite="Strict",
                secure=settings.SESSION_COOKIE_SECURE,
                path="/",
            )
        elif self._clear_cookie:
            response.delete_cookie(COOKIE_NAME, path="/", samesite="Strict")
        return response
