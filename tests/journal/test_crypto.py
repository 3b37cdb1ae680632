"""The journal's record and cookie formats (modules/journal/crypto.py): a
record opens only with its own key, under its own lookup id, in the format
this version writes; a cookie is a lookup id and a key, of one of two sizes."""

import base64

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

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

# A random lookup id is 16 bytes (32 hex digits), one derived from a code 32.
RANDOM_LOOKUP = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
CODE_LOOKUP = "ab" * 32
# The largest padded record, as the journal allows (settings.JOURNAL_MAX_BYTES).
LIMIT = 1 << 20
BOTH_LOOKUPS = pytest.mark.parametrize(
    "lookup", [RANDOM_LOOKUP, CODE_LOOKUP], ids=["random", "from a code"]
)


def journal():
    data = empty_data()
    data["answers"] = {"why": "Pour ma fille, för min dotter 💬"}
    data["done"] = [3, 5]
    data["diary"] = [{"strength": 7, "situation": "late at night"}]
    return data


@BOTH_LOOKUPS
def test_a_record_decrypts_to_what_was_encrypted(lookup):
    key = new_key()
    data = journal()
    blob = encrypt(key, lookup, data, limit=LIMIT)
    assert b"fille" not in blob
    assert decrypt(key, lookup, blob) == data
    # A fresh nonce each time: the same journal never gives the same bytes.
    assert encrypt(key, lookup, data, limit=LIMIT) != blob


def test_a_record_moved_to_another_lookup_id_does_not_decrypt():
    key = new_key()
    lookup = "0123456789abcdef" * 2
    blob = encrypt(key, lookup, journal(), limit=LIMIT)
    assert decrypt(key, lookup, blob) == journal()
    for elsewhere in (
        new_lookup(),
        CODE_LOOKUP,
        "0123456789abcdef0123456789abcdee",  # the last digit changed
        lookup.upper(),
    ):
        with pytest.raises(JournalUnreadable):
            decrypt(key, elsewhere, blob)


def test_a_record_opens_only_with_its_own_key_and_untouched():
    key = new_key()
    lookup = new_lookup()
    blob = encrypt(key, lookup, journal(), limit=LIMIT)
    with pytest.raises(JournalUnreadable):
        decrypt(new_key(), lookup, blob)
    for position in (0, 12, len(blob) // 2, len(blob) - 1):
        damaged = bytearray(blob)
        damaged[position] ^= 1
        with pytest.raises(JournalUnreadable):
            decrypt(key, lookup, bytes(damaged))
    for length in range(len(blob)):
        with pytest.raises(JournalUnreadable):
            decrypt(key, lookup, blob[:length])


@pytest.mark.parametrize(
    "record",
    [
        {**empty_data(), "v": 2},
        {**empty_data(), "v": 0},
        {**empty_data(), "v": "1"},
        {key: value for key, value in empty_data().items() if key != "v"},
        [empty_data()],
        "a journal",
        None,
    ],
)
def test_a_record_in_another_format_is_refused(record):
    """Correctly encrypted, yet not a record this version wrote."""
    key = new_key()
    lookup = new_lookup()
    blob = encrypt(key, lookup, record, limit=LIMIT)
    with pytest.raises(JournalUnreadable):
        decrypt(key, lookup, blob)


def test_a_record_stored_in_another_byte_format_is_refused():
    """The first byte names how the record is stored; another is refused,
    even when the rest would open."""
    key = new_key()
    lookup = new_lookup()
    blob = encrypt(key, lookup, journal(), limit=LIMIT)
    for first in (0, 1, 3, 255):
        with pytest.raises(JournalUnreadable):
            decrypt(key, lookup, bytes([first]) + blob[1:])


@BOTH_LOOKUPS
def test_a_cookie_gives_back_its_lookup_id_and_key(lookup):
    key = new_key()
    assert unpack_cookie(pack_cookie(lookup, key)) == (lookup, key)


def as_cookie(raw):
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


@hypothesis_settings(max_examples=50, deadline=None)
@given(content=st.binary(min_size=100, max_size=100))
def test_only_the_two_cookie_lengths_are_accepted(content):
    """16 + 32 bytes (a random lookup id and a key) or 32 + 32 (a code's
    lookup id and a key); every other length from 0 to 100 bytes is refused."""
    for length in range(101):
        raw = content[:length]
        if length in (16 + 32, 32 + 32):
            assert unpack_cookie(as_cookie(raw)) == (raw[:-32].hex(), raw[-32:])
        else:
            with pytest.raises(JournalUnreadable):
                unpack_cookie(as_cookie(raw))


@hypothesis_settings(max_examples=300, deadline=None)
@given(value=st.text(max_size=120))
def test_any_cookie_value_gives_a_lookup_and_key_or_is_refused(value):
    """Whatever a browser sends back, unpacking never fails in another way."""
    try:
        lookup, key = unpack_cookie(value)
    except JournalUnreadable:
        return
    assert len(lookup) in (32, 64)
    assert len(key) == 32
