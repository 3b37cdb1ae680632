"""The save code itself: enough entropy, no words, forgiving to type, and
keys derived with the server's pepper."""

import re

import pytest

from modules.journal import codes


def test_codes_have_enough_entropy_and_no_words():
    assert codes.ENTROPY_BITS >= 77
    seen = set()
    for _ in range(2000):
        code = codes.generate()
        assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
        symbols = code.replace("-", "")
        readable = symbols.translate(str.maketrans("0134578", "OIEASTB"))
        for word in codes.DENY_LIST:
            assert word not in symbols, (code, word)
            assert word not in readable, (code, word)
        seen.add(code)
    assert len(seen) == 2000


def test_deny_list_covers_children_sex_bodies_and_violence_in_three_languages():
    for word in (
        "SEX",
        "KID",
        "CHILD",
        "BABY",
        "TEEN",
        "NUDE",
        "KILL",
        "RAPE",
        "LAPSI",
        "NINO",
        "PUTA",
        "GUN",
    ):
        assert word in codes.DENY_LIST


def test_typed_codes_tolerate_case_spacing_hyphens_and_lookalikes():
    assert codes.normalize(" 7kq2 m9xd-4htr  b6pw ") == "7KQ2M9XD4HTRB6PW"
    assert codes.normalize("ollo-" + "1" * 12) == "0110" + "1" * 12
    with pytest.raises(codes.EmptyCode):
        codes.normalize("  - ")
    for bad in (
        "7KQ2-M9XD",
        "7KQ2-M9XD-4HTR-B6PW-XXXX",
        "7KQ2-M9XD-4HTR-B6P!",
        "ÄKQ2-M9XD-4HTR-B6PW",
    ):
        with pytest.raises(codes.MalformedCode):
            codes.normalize(bad)


def test_derivation_depends_on_the_pepper(settings):
    lookup, key = codes.derive("7KQ2M9XD4HTRB6PW")
    assert len(key) == 32
    assert len(lookup) == 64
    assert codes.derive("7KQ2M9XD4HTRB6PW") == (lookup, key)
    settings.CODE_PEPPER = "another pepper"
    other_lookup, other_key = codes.derive("7KQ2M9XD4HTRB6PW")
    assert other_lookup != lookup
    assert other_key != key
