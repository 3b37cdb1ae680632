"""The visitor's journal: one object owns the cookie, the key and the record.

The key and the record's lookup id live only in the visitor's cookie (or are
derived from their save code); the database holds the ciphertext, whether it
was saved with a code, and the day it was last used. Without the cookie or
the code the record cannot be read by anyone.

Views never touch the cookie, the record or the code protocol. They read
``request.journal.data``, change it only inside ``with
request.journal.changing() as data:`` (one transaction that re-reads the
record under a row lock, so two tabs or devices writing at once never undo
each other), and call ``save_with_new_code()`` / ``continue_with_code()``,
which raise one of the ``CodeProblem`` kinds in ``codes.py`` with the
visitor's message.

Saving under a new code never destroys anything before the visitor has it:
the copy under the new code remembers the record it replaces, and that one
is deleted only when the browser comes back with the new cookie or the new
code is used. If the response with the code is lost (a dropped Tor circuit),
the old cookie, and the old code if there was one, still work.
"""

import contextlib
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import transaction

from modules.journal import codes
from modules.journal.crypto import (
    JournalFull,
    JournalUnreadable,
    decrypt,
    empty_data,
    encrypt,
    new_key,
    new_lookup,
    pack_cookie,
    unpack_cookie,
)
from modules.journal.crypto import has_content as _has_content
from modules.journal.models import Journal, delete_journals, scrub_deleted, today
from modules.journal.signals import journal_saved

COOKIE_NAME = "journal"

__all__ = ["COOKIE_NAME", "JournalFull", "JournalSession"]


def _fetch(lookup, key, *, lock=False, saved_only=False):
    """(record, decrypted data); raises ``JournalUnreadable``."""
    records = Journal.objects.filter(lookup=lookup)
    if saved_only:
        records = records.filter(is_saved=True)
    if lock:
        # A row lock on PostgreSQL. SQLite has none and needs none: its
        # transactions begin IMMEDIATE (settings), so writers take turns.
        records = records.select_for_update()
    record = records.first()
    if record is None:
        raise JournalUnreadable
    return record, decrypt(key, lookup, record.ciphertext)


def _seal(lookup, key, data):
    return encrypt(key, lookup, data, limit=settings.JOURNAL_MAX_BYTES)


@transaction.atomic
def _confirm(record):
    """The visitor has the record under its new code: the one it copied goes,
    and with it the only link between the two."""
    Journal.objects.filter(lookup=record.replaces).delete()
    Journal.objects.filter(lookup=record.lookup).update(replaces="", last_used=today())
    scrub_deleted()


def _touch(record):
    if record.replaces:
        _confirm(record)
    elif record.last_used != today():
        Journal.objects.filter(lookup=record.lookup).update(last_used=today())


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
        self._page_tag = None
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
            record, self._data = _fetch(lookup, key)
        except JournalUnreadable:
            self.was_unreadable = True
            self._clear_cookie = True
            return
        self._lookup, self._key, self._is_saved = lookup, key, record.is_saved
        self._page_tag = hashlib.sha256(
            lookup.encode("ascii")
            + (b"saved" if record.is_saved else b"unsaved")
            + bytes(record.ciphertext)
        ).digest()
        _touch(record)

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
    def has_content(self) -> bool:
        """Whether there is anything to save: a step done or a diary entry."""
        return self.exists and _has_content(self._data)

    @property
    def data(self) -> dict:
        """The decrypted journal, to read (an empty one if the visitor has none
        yet). Change it only inside ``changing()``."""
        self._load()
        if self._data is None:
            self._data = empty_data()
        return self._data

    # --- a page rendered from this journal, kept sealed --------------------

    @property
    def page_tag(self):
        """Changes whenever the record changes, or whether it is saved with a
        code: a page rendered from this journal may be reused while it is the
        same. None without a readable journal, or once it changed here."""
        self._load()
        return self._page_tag

    def seal_page(self, page: bytes) -> bytes:
        """``page`` encrypted with this journal's key: kept in memory, it can
        be read only by a request that brings the key (the visitor's cookie)."""
        nonce = os.urandom(12)
        return nonce + AESGCM(self._key).encrypt(nonce, page, b"page")

    def open_page(self, sealed: bytes):
        """The page ``seal_page`` sealed, or None if this key cannot open it."""
        if not self._key:
            return None
        try:
            return AESGCM(self._key).decrypt(sealed[:12], sealed[12:], b"page")
        except InvalidTag:
            return None

    # --- writing ---------------------------------------------------------

    @contextlib.contextmanager
    def changing(self):
        """Change the journal, creating it (and its key) if new::

            with request.journal.changing() as data:
                data["diary"].append(entry)

        In one transaction: the record is read again under a lock, decrypted,
        changed by the block, encrypted and written, so a change made
        meanwhile in another tab or on another device is kept. If the block
        raises, nothing is written. Raises ``JournalFull`` if the journal would
        grow past ``JOURNAL_MAX_BYTES``.
        """
        self._load()
        lookup, key, is_saved = self._lookup, self._key, self._is_saved
        with transaction.atomic():
            try:
                if lookup is None:
                    raise JournalUnreadable
                _record, data = _fetch(lookup, key, lock=True)
            except JournalUnreadable:
                # No journal yet (or deleted from another tab): start one.
                lookup, key, is_saved = new_lookup(), new_key(), False
                data = empty_data()
            yield data
            ciphertext = _seal(lookup, key, data)
            fields = {"ciphertext": ciphertext, "last_used": today()}
            if not Journal.objects.filter(lookup=lookup).update(**fields):
                Journal.objects.create(lookup=lookup, is_saved=is_saved, **fields)
        if lookup != self._lookup:
            self._set_cookie, self._clear_cookie = True, False
        self._lookup, self._key, self._is_saved = lookup, key, is_saved
        self._data = data
        self._page_tag = None

    def delete(self):
        """Remove the record from the database at once, and forget the key."""
        self._load()
        if self._lookup:
            delete_journals(self._lookup)
        self._data = empty_data()
        self._lookup = self._key = None
        self._is_saved = False
        self._set_cookie = False
        self._clear_cookie = True
        self._page_tag = None

    def forget(self):
        """Drop the key from this browser without deleting the record."""
        self._data = None
        self._loaded = True
        self._lookup = self._key = None
        self._set_cookie = False
        self._page_tag = None
        self._clear_cookie = True

    # --- save codes --------------------------------------------------------

    def save_with_new_code(self) -> str:
        """Save the journal under a new code, and return the code (formatted
        for display). The code is never stored. The record it copies (unsaved,
        or under a previous code) stays until the browser comes back with the
        new cookie, or the new code is used.

        Raises ``codes.NothingToSave`` (before any slow work) or ``codes.Busy``.
        """
        if not self.has_content:
            raise codes.NothingToSave
        code = codes.generate()
        lookup, key = codes.derive(codes.normalize(code))
        first_save = not self._is_saved
        with transaction.atomic():
            try:
                _record, data = _fetch(self._lookup, self._key, lock=True)
            except JournalUnreadable:  # deleted from another tab meanwhile
                raise codes.NothingToSave from None
            Journal.objects.create(
                lookup=lookup,
                ciphertext=_seal(lookup, key, data),
                is_saved=True,
                last_used=today(),
                replaces=self._lookup,
            )
        self._data = data
        self._lookup, self._key, self._is_saved = lookup, key, True
        self._page_tag = None
        self._set_cookie, self._clear_cookie = True, False
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
        try:
            record, data = _fetch(lookup, key, saved_only=True)
        except JournalUnreadable:
            raise codes.UnknownCode from None
        _touch(record)
        self._loaded = True
        self._data = data
        self._lookup, self._key, self._is_saved = lookup, key, True
        self._page_tag = None
        self._set_cookie, self._clear_cookie = True, False

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
