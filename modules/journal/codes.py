"""Save codes: coming back without an account.

A code is 16 symbols from Crockford's base32 alphabet (80 bits), shown as
four groups of four, e.g. ``7KQ2-M9XD-4HTR-B6PW``. It has no words, so it
reads the same in every language; when typed back, case, spaces and hyphens
do not matter, and the easily confused I, L and O count as 1, 1 and 0.
Codes that spell a word about children, sex, bodies or violence (in English,
Finnish or Spanish), read as they are or with look-alikes (0 as O, 1 as I or
L, V as U...), are never handed out.

The code is never stored, logged or put in a cookie. Argon2id, with a salt
derived from the server's secret pepper, stretches it; HMAC with the pepper
then gives the record's lookup id, and HKDF its encryption key. A stolen
database without the pepper gives nothing to guess against; with it, each
guess costs one Argon2id computation (parameters below, measured in the
README).
"""

import hashlib
import hmac
import math
import re
import secrets

from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from modules.journal import throttle

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
LENGTH = 16
GROUP = 4
ENTROPY_BITS = LENGTH * math.log2(len(ALPHABET))  # 80

# Argon2id parameters: about 0.15 s and 64 MiB per code check on one core.
ARGON2_TIME_COST = 3
ARGON2_MEMORY_KIB = 64 * 1024
ARGON2_PARALLELISM = 1

# Words a code may never spell, in every language that ships, about children,
# sex, bodies and violence, written with the 26 Latin letters (Ñ as N, Ä and
# Ö as A and O: a code has none of them).
DENY_WORDS = {
    "en": """
        KID KIDS CHILD BABY BABE BABIES TEEN TEENS TWEEN BOY BOYS GIRL GIRLS YOUNG
        MINOR MINORS LOLI LOLITA SHOTA TODDLER INFANT
        SEX SEXY XXX PORN PORNO NUDE NUDES NAKED RAPE RAPED CUM COCK DICK CUNT FUCK
        FUK SUCK LICK SLUT WHORE HORNY PEDO PEDOFIL MOLEST GROOM ORAL ANAL HUMP
        ASS ANUS BOOB BOOBS TIT TITS BUTT PENIS VAG VAGINA BREAST NIPPLE CROTCH
        BODY KILL DIE DEAD DEATH GUN SHOOT STAB HURT HIT BEAT ABUSE BLOOD MURDER
        HANG CHOKE HARM PAIN TORTURE SLAVE NAZI HATE
    """,
    "fi": """
        LAPSI LAPSET LAPS POIKA TYTTO VAUVA NUORI SEKS SEKSI PORNO PEDO PILLU KYRPA
        MUNA NUSSI PANO HUORA ALASTON RAISK RAISKA RAISKAA TISSI TISSIT PERSE PYLLY
        PEPPU TAPA TAPPA TAPPAA KUOLE KUOLLUT VERI ASE LYO HAKKAA VIHA KIDUTA
    """,
    "es": """
        NINO NINA NINOS NENE NENA BEBE CHICO CHICA CRIO MENOR SEXO PORNO PEDO PUTA
        PUTO POLLA PENE CONO CULO TETA TETAS VERGA FOLLA VIOLA VIOLAR DESNUDO
        DESNUDA ABUSO MATA MATAR MUERTE MUERTO ARMA SANGRE GOLPE ODIO
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
    # Russian and Arabic readers see the code in Latin letters too: the
    # common transliterations.
    "ru": """
        REBENOK DETI MALCHIK DEVOCHKA SEKS PORNO GOLYI NASILIE HUI PIZDA EBAT
        BLYAD UBIT SMERT KROV
    """,
    "ar": """
        TIFL ATFAL WALAD BINT JINS SEKS NIK ZIB KUS SHARMOOTA QATL MAWT
    """,
}
DENY_LIST = frozenset(word for words in DENY_WORDS.values() for word in words.split())

# What a person may read each code symbol as, besides itself: digits as the
# letters they look like, and letters as their look-alikes (Crockford's
# alphabet has no I, L, O or U, but 1, 0 and V are easily read as them).
LOOKALIKES = {
    "0": "OQD",
    "1": "ILT",
    "2": "Z",
    "3": "EB",
    "4": "AH",
    "5": "S",
    "6": "GB",
    "7": "TL",
    "8": "B",
    "9": "GQP",
    "B": "8",
    "C": "G",
    "D": "O",
    "Q": "O",
    "V": "UY",
    "W": "VU",
    "Y": "V",
}
READINGS = {symbol: symbol + LOOKALIKES.get(symbol, "") for symbol in ALPHABET}

# How long a code check waits for one of the server's slots (throttle.py)
# before the visitor is asked to try again in a moment.
KDF_WAIT_SECONDS = 10


class CodeProblem(Exception):
    """A save code could not be used. Each kind carries the message the
    visitor reads (in their language) and the page's HTTP status."""

    message = _("The code could not be used.")
    status = 400


class EmptyCode(CodeProblem):
    message = _("Please type your code.")


class MalformedCode(CodeProblem):
    message = _(
        "That does not look like a save code. A code has 16 letters and numbers, like 7KQ2-M9XD-4HTR-B6PW."
    )


class UnknownCode(CodeProblem):
    message = _(
        "No saved progress matches this code. Check each character and try again. "
        "Saved progress is deleted after it has not been used for a long time."
    )


class NothingToSave(CodeProblem):
    message = _(
        "There is nothing to save yet. Once you have done a step of the program or "
        "written in your urge diary, you can save your progress here."
    )


class Busy(CodeProblem):
    message = _("The site is very busy right now. Please try again in a moment.")
    status = 503


def _spells(symbols: str, word: str) -> bool:
    """Whether some reading of ``symbols`` contains ``word``."""
    for start in range(len(symbols) - len(word) + 1):
        if all(letter in READINGS[symbols[start + k]] for k, letter in enumerate(word)):
            return True
    return False


def is_clean(symbols: str) -> bool:
    """Whether no reading of a code spells a word on the deny list."""
    return not any(_spells(symbols, word) for word in DENY_LIST)


def generate() -> str:
    """A new code, formatted for display."""
    while True:
        symbols = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if is_clean(symbols):
            return format_code(symbols)


def format_code(symbols: str) -> str:
    return "-".join(symbols[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalize(typed: str) -> str:
    """The code's 16 symbols, whatever the case, spacing or hyphens.

    Raises ``EmptyCode`` or ``MalformedCode``.
    """
    text = re.sub(r"[\s\-_.]+", "", typed or "").upper()
    if not text:
        raise EmptyCode
    text = text.translate(str.maketrans("ILO", "110"))
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        raise MalformedCode
    return text


def _pepper() -> bytes:
    return settings.CODE_PEPPER.encode("utf-8")


def derive(symbols: str) -> tuple[str, bytes]:
    """(lookup id, 256-bit key) for a normalized code. Slow on purpose."""
    pepper = _pepper()
    salt = hmac.new(pepper, b"selfhelp code salt v1", hashlib.sha256).digest()[:16]
    try:
        with throttle.kdf_slot(KDF_WAIT_SECONDS):
            stretched = hash_secret_raw(
                secret=symbols.encode("ascii"),
                salt=salt,
                time_cost=ARGON2_TIME_COST,
                memory_cost=ARGON2_MEMORY_KIB,
                parallelism=ARGON2_PARALLELISM,
                hash_len=32,
                type=Type.ID,
            )
    except throttle.NoFreeSlot:
        raise Busy from None
    lookup = hmac.new(pepper, b"lookup" + stretched, hashlib.sha256).hexdigest()
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"selfhelp journal key v1"
    ).derive(stretched)
    return lookup, key
