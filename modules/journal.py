"""The visitor's journal: one object owns the cookie, the key and the record.

The journal (answers, progress, diary) is a JSON document encrypted with
AES-GCM under a random 256-bit key. The key and the record's lookup id live
only in the visitor's cookie; the database holds the ciphertext, whether it
was saved with a code, and the day it was last used. Without the cookie (or
the save code, see ``modules/codes.py``) the record cannot be read by anyone.

Views never touch the cookie: they use ``request.journal`` (a
``JournalSession``), set by ``JournalMiddleware``.
"""

import base64
import binascii
import datetime
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from modules.models import CodeThrottle, Journal

COOKIE_NAME = "journal"
LOOKUP_BYTES = 16
KEY_BYTES = 32
NONCE_BYTES = 12
FORMAT_VERSION = 1


class JournalUnreadable(Exception):
    """The cookie is damaged, or its record is gone or cannot be decrypted."""


def today():
    return timezone.now().date()


def empty_data():
    return {
        "v": FORMAT_VERSION,
        "answers": {},
        "done": [],
        "history": [],
        "diary": [],
        "last": None,
    }


def encrypt(key: bytes, lookup: str, data: dict) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    plaintext = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )
    # The lookup id is bound in as associated data: a record copied under
    # another id does not decrypt.
    return nonce + AESGCM(key).encrypt(nonce, plaintext, lookup.encode("ascii"))


def decrypt(key: bytes, lookup: str, blob: bytes) -> dict:
    blob = bytes(blob)
    try:
        plaintext = AESGCM(key).decrypt(
            blob[:NONCE_BYTES], blob[NONCE_BYTES:], lookup.encode("ascii")
        )
        data = json.loads(plaintext.decode("utf-8"))
    except (InvalidTag, ValueError, UnicodeDecodeError) as exc:
        raise JournalUnreadable from exc
    if not isinstance(data, dict) or data.get("v") != FORMAT_VERSION:
        raise JournalUnreadable
    base = empty_data()
    base.update(data)
    return base


def pack_cookie(lookup: str, key: bytes) -> str:
    return (
        base64.urlsafe_b64encode(bytes.fromhex(lookup) + key)
        .decode("ascii")
        .rstrip("=")
    )


def unpack_cookie(value: str) -> tuple[str, bytes]:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as exc:
        raise JournalUnreadable from exc
    if len(raw) != LOOKUP_BYTES + KEY_BYTES and len(raw) != 32 + KEY_BYTES:
        raise JournalUnreadable
    return raw[:-KEY_BYTES].hex(), raw[-KEY_BYTES:]


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
            self._lookup = os.urandom(LOOKUP_BYTES).hex()
            self._key = AESGCM.generate_key(bit_length=256)
            self._set_cookie = True
        Journal.objects.update_or_create(
            lookup=self._lookup,
            defaults={
                "ciphertext": encrypt(self._key, self._lookup, self.data),
                "is_saved": self._is_saved,
                "last_used": today(),
            },
        )

    @transaction.atomic
    def rekey(self, lookup: str, key: bytes, is_saved: bool):
        """Move the journal to a new lookup id and key (e.g. one derived from a
        save code), deleting the old record."""
        old = self._lookup
        data = self.data
        self._lookup, self._key, self._is_saved = lookup, key, is_saved
        Journal.objects.update_or_create(
            lookup=lookup,
            defaults={
                "ciphertext": encrypt(key, lookup, data),
                "is_saved": is_saved,
                "last_used": today(),
            },
        )
        if old and old != lookup:
            Journal.objects.filter(lookup=old).delete()
        self._set_cookie = True
        self._clear_cookie = False

    def adopt(self, lookup: str, key: bytes, record: Journal):
        """Switch this browser to an existing record (continue with a code)."""
        self._data = decrypt(key, lookup, record.ciphertext)
        self._loaded = True
        self._lookup, self._key, self._is_saved = lookup, key, record.is_saved
        Journal.objects.filter(lookup=lookup).update(last_used=today())
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


class JournalMiddleware:
    """Give each request its ``request.journal``; write the cookie on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.journal = JournalSession(request)
        response = self.get_response(request)
        return request.journal.apply_cookie(response)


def purge(now_day: datetime.date | None = None) -> dict[str, int]:
    """Delete journals unused for longer than their lifetime."""
    now_day = now_day or today()
    unsaved_cutoff = now_day - datetime.timedelta(days=settings.JOURNAL_UNSAVED_DAYS)
    saved_cutoff = now_day - datetime.timedelta(days=settings.JOURNAL_SAVED_DAYS)
    unsaved, _ = Journal.objects.filter(
        is_saved=False, last_used__lt=unsaved_cutoff
    ).delete()
    saved, _ = Journal.objects.filter(
        is_saved=True, last_used__lt=saved_cutoff
    ).delete()
    CodeThrottle.objects.all().delete()  # only ever holds the current minute
    return {"unsaved": unsaved, "saved": saved}
