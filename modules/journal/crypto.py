"""The journal's record and cookie formats.

A journal is a JSON document encrypted with AES-GCM under a random 256-bit
key; the record's lookup id is bound in as associated data, so a record
copied under another id does not decrypt. The cookie holds the lookup id and
the key, nothing else.
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
FORMAT_VERSION = 1


class JournalUnreadable(Exception):
    """The cookie is damaged, or its record is gone or cannot be decrypted."""


def empty_data():
    return {
        "v": FORMAT_VERSION,
        "answers": {},
        "done": [],
        "history": [],
        "diary": [],
        "last": None,
    }


def new_lookup() -> str:
    return os.urandom(LOOKUP_BYTES).hex()


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def encrypt(key: bytes, lookup: str, data: dict) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    plaintext = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )
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
    if len(raw) - KEY_BYTES not in (LOOKUP_BYTES, CODE_LOOKUP_BYTES):
        raise JournalUnreadable
    return raw[:-KEY_BYTES].hex(), raw[-KEY_BYTES:]
