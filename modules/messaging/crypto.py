"""The messages' cryptography: every message is stored twice, sealed.

- The visitor's copy is sealed (libsodium sealed box, X25519) to the
  visitor's public key; the matching private key lives only inside their
  encrypted journal, so it is as readable as their answers and no more.
- The counsellors' copy is sealed to the team's public key; the team's
  private key is stored only encrypted (XSalsa20-Poly1305 under a key made by
  Argon2id from the passphrase counsellors type to open the inbox).

Sealed boxes need no private key to write: the visitor writes the team's
copy and a counsellor writes the visitor's copy without either holding the
other's key. Plaintext is padded to buckets of 1 KiB (doubling) so a stored
message says only roughly how long it is.
"""

import base64
import os

import nacl.exceptions
import nacl.secret
from argon2.low_level import Type, hash_secret_raw
from nacl.public import PrivateKey, PublicKey, SealedBox

LENGTH_BYTES = 4
SMALLEST_BUCKET = 1024
SALT_BYTES = 16
# Argon2id for the team passphrase: typed once per unlock by a counsellor,
# so it can afford to be slow (about half a second, 64 MiB).
KDF_TIME_COST = 3
KDF_MEMORY_KIB = 64 * 1024
KDF_LANES = 1


class CannotOpen(Exception):
    """Wrong passphrase or key, or a damaged ciphertext."""


def _pad(text: str) -> bytes:
    raw = text.encode("utf-8")
    size = max(SMALLEST_BUCKET, 1 << (len(raw) + LENGTH_BYTES - 1).bit_length())
    return (
        len(raw).to_bytes(LENGTH_BYTES, "big")
        + raw
        + bytes(size - len(raw) - LENGTH_BYTES)
    )


def _unpad(padded: bytes) -> str:
    length = int.from_bytes(padded[:LENGTH_BYTES], "big")
    if LENGTH_BYTES + length > len(padded):
        raise CannotOpen
    return padded[LENGTH_BYTES : LENGTH_BYTES + length].decode("utf-8")


def seal(public_key: bytes, text: str) -> bytes:
    return SealedBox(PublicKey(bytes(public_key))).encrypt(_pad(text))


def unseal(private_key: bytes, blob: bytes) -> str:
    try:
        return _unpad(SealedBox(PrivateKey(bytes(private_key))).decrypt(bytes(blob)))
    except (nacl.exceptions.CryptoError, ValueError, UnicodeDecodeError) as exc:
        raise CannotOpen from exc


def new_key_pair() -> tuple[bytes, bytes]:
    """(private, public), raw 32 bytes each."""
    private = PrivateKey.generate()
    return bytes(private), bytes(private.public_key)


def public_of(private_key: bytes) -> bytes:
    return bytes(PrivateKey(bytes(private_key)).public_key)


def to_text(raw: bytes) -> str:
    """A key as text, to keep inside the visitor's JSON journal."""
    return base64.b64encode(raw).decode("ascii")


def from_text(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def passphrase_key(passphrase: str, salt: bytes, *, time_cost, memory_kib) -> bytes:
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        bytes(salt),
        time_cost=time_cost,
        memory_cost=memory_kib,
        parallelism=KDF_LANES,
        hash_len=nacl.secret.SecretBox.KEY_SIZE,
        type=Type.ID,
    )


def lock_private_key(private_key: bytes, passphrase: str) -> dict:
    """What is stored of the team's private key: never the key itself."""
    salt = os.urandom(SALT_BYTES)
    key = passphrase_key(
        passphrase, salt, time_cost=KDF_TIME_COST, memory_kib=KDF_MEMORY_KIB
    )
    return {
        "salt": salt,
        "time_cost": KDF_TIME_COST,
        "memory_kib": KDF_MEMORY_KIB,
        "locked_private_key": bytes(nacl.secret.SecretBox(key).encrypt(private_key)),
    }


def unlock_private_key(stored, passphrase: str) -> bytes:
    """The team's private key from its stored form (a ``TeamKey``) and the
    passphrase; raises ``CannotOpen`` for a wrong passphrase."""
    key = passphrase_key(
        passphrase,
        stored.salt,
        time_cost=stored.time_cost,
        memory_kib=stored.memory_kib,
    )
    try:
        return nacl.secret.SecretBox(key).decrypt(bytes(stored.locked_private_key))
    except nacl.exceptions.CryptoError as exc:
        raise CannotOpen from exc


def wrap(key: bytes, secret: bytes) -> bytes:
    """The team key for a counsellor's short-lived cookie (see ``unlock.py``)."""
    return bytes(nacl.secret.SecretBox(key).encrypt(secret))


def unwrap(key: bytes, blob: bytes) -> bytes:
    try:
        return nacl.secret.SecretBox(key).decrypt(blob)
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as exc:
        raise CannotOpen from exc


def new_wrap_key() -> bytes:
    return os.urandom(nacl.secret.SecretBox.KEY_SIZE)
