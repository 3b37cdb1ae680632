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
import copy

from django.conf import settings
from django.db import connection, transaction

from modules.journal import codes
from modules.journal.crypto import (
    JournalFull,
    JournalUnreadable,
    decrypt,
    empty_data,
    encrypt,
    new_key,
    new_lookup,
    open_note,
    pack_cookie,
    seal_note,
    unpack_cookie,
)
from modules.journal.crypto import has_content as _has_content
from modules.journal.merge import merge_data
from modules.journal.models import Journal, delete_journals, scrub_deleted, today
from modules.journal.signals import journal_deleted, journal_saved

COOKIE_NAME = "journal"

__all__ = ["COOKIE_NAME", "JournalFull", "JournalSession"]


# The record's fields, in the model's order (for ``Journal.from_db``).
_FIELDS = Journal._meta.concrete_fields


def _read(lookup):
    """The record ``lookup`` (its primary key), or None.

    Every page a visitor with a journal opens reads it once. Building this
    one-row query with the ORM cost about ten times as much as running it
    (0.5 ms against 0.05 ms on the development machine: a third of such a
    page's work), so the statement is written out, with the lookup id as a
    parameter. Writes and locked reads still go through the ORM.
    """
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in _FIELDS)
    table = quote(Journal._meta.db_table)
    # S608: the names come from the model, the value is a parameter.
    sql = f"SELECT {columns} FROM {table} WHERE {quote('lookup')} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [lookup])
        row = cursor.fetchone()
    if row is None:
        return None
    return Journal.from_db(connection.alias, [f.attname for f in _FIELDS], row)


def _fetch(lookup, key, *, lock=False, saved_only=False):
    """(record, decrypted data); raises ``JournalUnreadable``."""
    if not (lock or saved_only):
        record = _read(lookup)
        if record is None:
            raise JournalUnreadable
        return record, decrypt(key, lookup, record.ciphertext)
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
        _touch(record)

    @property
    def notice_unreadable(self) -> bool:
        """Whether to tell the visitor their earlier journal could not be opened."""
        self._load()
        return self.was_unreadable

    @property
    def is_open(self) -> bool:
        """Whether this request has already decrypted the journal, so that
        reading it costs nothing more (what a page-wide marker may rely on
        without decrypting on pages that do not need the journal)."""
        return self._loaded and self._data is not None

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

    def delete(self):
        """Remove the record from the database at once, and forget the key."""
        self._load()
        if self._lookup:
            with transaction.atomic():
                journal_deleted.send(sender=JournalSession, data=self._data)
                delete_journals(self._lookup)
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
        self._set_cookie, self._clear_cookie = True, False
        if first_save:
            journal_saved.send(sender=JournalSession)
        return code

    def continue_with_code(self, typed: str, *, merge: bool = False):
        """Switch this browser to the journal saved under ``typed``.

        Raises ``EmptyCode``, ``MalformedCode``, ``Busy`` or ``UnknownCode``
        (all ``codes.CodeProblem``).
        """
        here = copy.deepcopy(self.data) if merge and self.has_content else None
        symbols = codes.normalize(typed)
        lookup, key = codes.derive(symbols)
        if here is not None and lookup == self._lookup:
            here = None  # this browser already holds the saved journal
        with transaction.atomic():
            try:
                record, data = _fetch(
                    lookup, key, saved_only=True, lock=here is not None
                )
            except JournalUnreadable:
                raise codes.UnknownCode from None
            if here is not None:
                # "Merge": what this browser holds joins the saved journal,
                # under the same code.
                merge_data(data, here)
                record.ciphertext = _seal(lookup, key, data)
                record.save(update_fields=["ciphertext"])
        _touch(record)
        self._loaded = True
        self._data = data
        self._lookup, self._key, self._is_saved = lookup, key, True
        self._set_cookie, self._clear_cookie = True, False

    # --- a note for this browser only ---------------------------------------

    def seal_note(self, text: str) -> str:
        """``text`` encrypted under this journal's key (for a cookie)."""
        return seal_note(self._key, self._lookup, text)

    def open_note(self, value: str) -> str | None:
        self._load()
        if not (self._key and self._lookup and value):
            return None
        return open_note(self._key, self._lookup, value)

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
