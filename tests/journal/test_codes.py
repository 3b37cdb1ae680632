"""The save code itself: enough entropy, no words in any reading of it,
forgiving to type, and keys derived with the server's pepper."""

import itertools
import re
from types import SimpleNamespace
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from modules.journal import codes
from selfhelp.languages import SHIPPED

# --- What "no words" means ---------------------------------------------------------
#
# A person reads a code as letters. Each symbol a code can contain is mapped to
# every letter it can be read as: itself, and the letters it is mistaken for in
# handwriting, in common fonts, or on purpose in "leetspeak". Where a reading
# is doubtful, it is in: a code may be refused for nothing, but a visitor must
# never be handed a code that spells one of the words below.
LOOKALIKES = {
    "0": "ODQ",  # zero is an O; slashed, dotted or with a tail it passes for Q or D
    "1": "ILT",  # an I or a lower-case l (why Crockford reads them as 1); with a
    # flat serif on top, a T
    "2": "Z",  # the same stroke as Z, with a curve
    "3": "EB",  # a mirrored E (leetspeak); a B without its spine
    "4": "AH",  # an open A (leetspeak); an H with one slanted stroke
    "5": "S",  # a square S (leetspeak)
    "6": "GB",  # a G with a closed bowl; a lower-case b
    "7": "TL",  # a T without its left arm (leetspeak); an L turned over
    "8": "B",  # a B without its spine (leetspeak)
    "9": "GQP",  # a lower-case g or q; a P turned round
    "C": "CG",  # a G without its bar
    "D": "DO",  # a D with a rounded spine is an O (why Crockford drops O)
    "Q": "QO",  # a Q whose tail is missed is an O
    "V": "VUY",  # a V is read as U (why Crockford drops U), and Y without its stem
    "W": "WVU",  # a W read fast is one wide V or U
    "Y": "YV",  # a Y with a short stem is a V
}


def readings_of(symbol):
    return LOOKALIKES.get(symbol, symbol)


# Words a save code must never spell, in every language the site ships, about
# children, sex, bodies and violence (the site is for people who want to stop
# viewing sexual images of children: any of these in a code would hurt).
# Written in capitals without diacritics (Ö, Ä and Ñ are read as O, A and N
# in a code that has none), and only words of three letters or more: every
# one of them can be spelled by some reading of the alphabet's symbols.
WORDS = {
    "en": """
        KID KIDS CHILD BABY BABE BABIES TEEN TEENS TWEEN BOY BOYS GIRL GIRLS YOUNG
        MINOR MINORS LOLI LOLITA SHOTA TODDLER INFANT
        SEX SEXY XXX PORN PORNO NUDE NUDES NAKED RAPE RAPED CUM COCK DICK CUNT FUCK
        FUK SUCK LICK SLUT WHORE HORNY PEDO PEDOS MOLEST GROOM ORAL ANAL HUMP
        ASS ANUS BOOB BOOBS TIT TITS BUTT PENIS VAG VAGINA BREAST NIPPLE CROTCH
        BODY
        KILL DIE DEAD DEATH GUN SHOOT STAB HURT HIT BEAT ABUSE BLOOD MURDER HANG
        CHOKE HARM PAIN TORTURE SLAVE NAZI HATE
    """,
    "fi": """
        LAPSI LAPSET LAPS POIKA TYTTO VAUVA NUORI
        SEKSI PORNO PEDO PILLU KYRPA MUNA NUSSI PANO HUORA ALASTON RAISKA RAISKAA
        TISSI TISSIT PERSE PYLLY PEPPU
        TAPA TAPPA TAPPAA KUOLE KUOLLUT VERI ASE LYO HAKKAA VIHA KIDUTA
    """,
    "es": """
        NINO NINA NINOS NENE NENA BEBE CHICO CHICA CRIO MENOR
        SEXO PORNO PEDO PUTA PUTO POLLA PENE CONO CULO TETA TETAS VERGA FOLLA
        VIOLA VIOLAR DESNUDO DESNUDA ABUSO
        MATA MATAR MUERTE MUERTO ARMA SANGRE GOLPE ODIO
    """,
    "de": """
        KIND KINDER JUNGE MAEDCHEN MADCHEN TEEN SEX PORNO NACKT FICK FICKEN
        SCHWANZ MUSCHI TITTEN ARSCH HURE NUTTE MISSBRAUCH TOD TOT TOETEN MORD BLUT
        WAFFE HASS QUAL
    """,
    "pl": """
        DZIECKO DZIECI CHLOPIEC DZIEWCZYNKA SEKS PORNO NAGI NAGA GWALT PIZDA
        KUTAS CHUJ JEBAC DUPA CYCKI KURWA ZABIJ SMIERC KREW BRON
    """,
    "sv": """
        BARN POJKE FLICKA BEBIS SEX PORR NAKEN KNULLA VALDTA KUK FITTA HORA DODA
        MORD BLOD VAPEN
    """,
    "pt": """
        CRIANCA MENINO MENINA BEBE SEXO PORNO NUA ESTUPRO PICA BUCETA PUTA MATAR
        MORTE MORTO SANGUE ARMA ODIO
    """,
    "fr": """
        ENFANT GAMIN BEBE GARCON FILLE SEXE PORNO NUE VIOL VIOLER BITE CHATTE CUL
        PUTE SALOPE TUER MORT SANG ARME HAINE
    """,
    "ru": """
        REBENOK DETI MALCHIK DEVOCHKA SEKS PORNO GOLYI NASILIE HUI PIZDA EBAT
        BLYAD UBIT SMERT KROV
    """,
    "ar": """
        TIFL ATFAL WALAD BINT JINS SEKS NIK ZIB KUS SHARMOOTA QATL MAWT
    """,
}
DENIED = sorted({word for words in WORDS.values() for word in words.split()})


def words_in_a_reading(symbols):
    """Every (word, position) such that some reading of ``symbols`` spells
    the word there."""
    return [
        (word, start)
        for word in DENIED
        for start in range(len(symbols) - len(word) + 1)
        if all(
            letter in readings_of(symbols[start + i]) for i, letter in enumerate(word)
        )
    ]


def spellings_of(word):
    """Every string of code symbols one of whose readings is ``word``."""
    options = [
        [s for s in codes.ALPHABET if letter in readings_of(s)] for letter in word
    ]
    return ["".join(chosen) for chosen in itertools.product(*options)]


def test_every_shipped_language_has_its_words():
    assert sorted(WORDS) == sorted(SHIPPED)
    for word in DENIED:
        assert spellings_of(word), f"{word} cannot be spelled: it tests nothing"


def test_codes_have_the_displayed_format_and_about_80_bits():
    """Four groups of four symbols; every position takes every symbol of the
    32-symbol alphabet (16 x 5 bits), and refusing codes with words costs
    little: under one candidate in four is drawn again (under half a bit)."""
    draws = []
    real_choice = codes.secrets.choice

    def counted_choice(sequence):
        draws.append(1)
        return real_choice(sequence)

    with mock.patch.object(codes, "secrets", SimpleNamespace(choice=counted_choice)):
        made = [codes.generate() for _ in range(1000)]
    assert len(set(made)) == len(made)
    for code in made:
        assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code), code
    symbols = [code.replace("-", "") for code in made]
    for position in range(codes.LENGTH):
        assert {s[position] for s in symbols} == set(codes.ALPHABET), position
    candidates = len(draws) / codes.LENGTH
    assert candidates < len(made) / 0.75


def symbol_draws(first, rnd):
    """A stand-in for ``secrets.choice``: the symbols of ``first`` (as if the
    system's randomness had drawn them), then draws from ``rnd``."""
    queue = list(first)

    def choice(sequence):
        assert sequence == codes.ALPHABET
        return queue.pop(0) if queue else rnd.choice(sequence)

    return mock.patch.object(codes, "secrets", SimpleNamespace(choice=choice))


@st.composite
def candidate_codes(draw):
    """A code's worth of symbols that often holds a spelling of a word."""
    filler = draw(st.text(alphabet=codes.ALPHABET, min_size=16, max_size=16))
    word = draw(st.sampled_from(DENIED))
    spelled = "".join(
        draw(st.sampled_from([s for s in codes.ALPHABET if letter in readings_of(s)]))
        for letter in word
    )
    start = draw(st.integers(min_value=0, max_value=codes.LENGTH - len(word)))
    if draw(st.booleans()):
        return filler
    return filler[:start] + spelled + filler[start + len(word) :]


@hypothesis_settings(max_examples=1000, deadline=None, derandomize=True, database=None)
@given(first=candidate_codes(), rnd=st.randoms(use_true_random=False))
def test_no_reading_of_a_code_spells_a_word(first, rnd):
    """Whatever the randomness draws (Hypothesis plays it, often starting
    with a word's spelling), the code handed out spells no word in any reading."""
    with symbol_draws(first, rnd):
        code = codes.generate()
    assert words_in_a_reading(code.replace("-", "")) == [], code


def test_no_spelling_of_any_word_is_ever_handed_out():
    """Every spelling of every word, drawn as the start of a code (the rest R,
    which reads as nothing else), is refused and another code is drawn."""
    clean = "R" * codes.LENGTH
    assert words_in_a_reading(clean) == []
    handed_out = {}
    for word in DENIED:
        for spelled in spellings_of(word):
            first = (spelled + clean)[: codes.LENGTH]
            with symbol_draws(first + clean, rnd=None):
                code = codes.generate().replace("-", "")
            if code == first:
                handed_out.setdefault(word, []).append(spelled)
            else:
                assert code == clean
    assert handed_out == {}, "\n".join(
        f"{word}: {len(spelled)} of {len(spellings_of(word))} spellings, "
        f"e.g. {', '.join(spelled[:3])}"
        for word, spelled in handed_out.items()
    )


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
