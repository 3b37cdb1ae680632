"""The journal's record and cookie formats.

A journal is a JSON document encrypted with AES-GCM under a random 256-bit
key; the record's lookup id and the format version are bound in as
associated data, so a record copied under another id does not decrypt. The
cookie holds the lookup id and the key, nothing else.

Record format 2: one version byte, a 12-byte nonce, then the AES-GCM
ciphertext (with its 16-byte tag) of the padded plaintext. The plaintext is
the JSON's length as 4 bytes, the JSON, and zeros up to the next bucket:
4 KiB, 8 KiB, 16 KiB... (powers of two). So a stored record says only which
bucket its journal falls in, not how much the visitor wrote; the largest
bucket allowed is the setting ``JOURNAL_MAX_BYTES``.
"""

import base64
import binascii
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

LOOKUP_BYTES = 16  # a random lookup id; one derived from a save code has 32
CODE_LOOKUP_BYTES = 32
KEY_BYTES = 32
NONCE_BYTES = 12
FORMAT_VERSION = 1  # of the JSON document
RECORD_FORMAT = 2  # of the stored bytes (1 had no padding and no version byte)
LENGTH_BYTES = 4
SMALLEST_BUCKET = 4096


class JournalUnreadable(Exception):
    """The cookie is damaged, or its record is gone or cannot be decrypted."""


class JournalFull(Exception):
    """The journal would grow past the largest record the site keeps."""


def empty_data():
    return {
        "v": FORMAT_VERSION,
        "answers": {},
        "done": [],
        "history": [],
        "diary": [],
        "last": None,
    }


def has_content(data) -> bool:
    """Whether the visitor has done anything worth keeping: a step, a diary
    entry, or anything another app keeps in the journal (a conversation)."""
    kept_by_others = set(data) - set(empty_data())
    return bool(
        data["answers"]
        or data["done"]
        or data["diary"]
        or any(data[name] for name in kept_by_others)
    )


def new_lookup() -> str:
    return os.urandom(LOOKUP_BYTES).hex()


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def bucket(length: int) -> int:
    """The padded size of a plaintext of ``length`` bytes (with its length prefix)."""
    return max(SMALLEST_BUCKET, 1 << (length + LENGTH_BYTES - 1).bit_length())


def _pad(document: bytes, limit: int) -> bytes:
    size = bucket(len(document))
    if size > limit:
        raise JournalFull
    prefix = len(document).to_bytes(LENGTH_BYTES, "big")
    return prefix + document + bytes(size - LENGTH_BYTES - len(document))


def _unpad(padded: bytes) -> bytes:
    length = int.from_bytes(padded[:LENGTH_BYTES], "big")
    if LENGTH_BYTES + length > len(padded):
        raise JournalUnreadable
    return padded[LENGTH_BYTES : LENGTH_BYTES + length]


def _associated(lookup: str) -> bytes:
    return bytes([RECORD_FORMAT]) + lookup.encode("ascii")


def encrypt(key: bytes, lookup: str, data: dict, *, limit: int) -> bytes:
    """The stored record. Raises ``JournalFull`` if its padded plaintext
    would be larger than ``limit`` bytes."""
    document = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, _pad(document, limit), _associated(lookup))
    return bytes([RECORD_FORMAT]) + nonce + sealed


def decrypt(key: bytes, lookup: str, blob: bytes) -> dict:
    blob = bytes(blob)
    if not blob or blob[0] != RECORD_FORMAT:
        raise JournalUnreadable
    nonce, sealed = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        padded = AESGCM(key).decrypt(nonce, sealed, _associated(lookup))
        data = json.loads(_unpad(padded).decode("utf-8"))
    except (InvalidTag, ValueError, UnicodeDecodeError) as exc:
        raise JournalUnreadable from exc
    if not isinstance(data, dict) or data.get("v") != FORMAT_VERSION:
        raise JournalUnreadable
    base = empty_data()
    base.update(data)
    return base


def seal_note(key: bytes, lookup: str, text: str) -> str:
    """``text`` encrypted under the journal's key, for a short-lived cookie."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(
        nonce, text.encode("utf-8"), b"note:" + _associated(lookup)
    )
    return base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")


def open_note(key: bytes, lookup: str, value: str) -> str | None:
    """The text of ``seal_note``, or None if it is not one of this journal's."""
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
        return (
            AESGCM(key).decrypt(nonce, sealed, b"note:" + _associated(lookup)).decode()
        )
    except (binascii.Error, ValueError, InvalidTag, UnicodeDecodeError):
        return None


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
    if len(raw) - KEY_BYTES not in (LOOKUP_BYTES, CODE_LOOKUP_BYTES):
        raise JournalUnreadable
    return raw[:-KEY_BYTES].hex(), raw[-KEY_BYTES:]
