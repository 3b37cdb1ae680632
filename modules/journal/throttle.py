"""Bounding save-code checks for the whole server, without knowing who checks.

Each code check runs Argon2id with 64 MiB of memory (``codes.derive``). At
most ``SELFHELP_CODE_KDF_CONCURRENCY`` checks run at once on this server,
across all gunicorn worker processes and their threads: a check holds one of
that many lock files in ``CODE_KDF_LOCK_DIR`` (``flock``, which the kernel
releases if a worker dies mid-check). A check that finds no free slot tries
again for up to ``wait_seconds``; then the visitor is asked to try again in
a moment. A flood of guesses can slow code checks down, but never exhaust
the server's memory, and never lock out a visitor for good.

There is deliberately no cap on failed checks. No IP address is ever read,
so a cap could only be site-wide, and anyone could use it up and lock every
returning visitor out. It would add nothing against guessing either: codes
have 80 bits, so even with a million saved journals, a guesser using the
whole server (about 13 checks a second) would need billions of years to hit
one. Floods are met before they reach the app by Tor's proof-of-work defence
for onion services (``HiddenServicePoWDefensesEnabled`` in deploy/torrc),
which makes every new connection cost the client work.
"""

import contextlib
import fcntl
import os
import random
import time
from pathlib import Path

from django.conf import settings

# How often a waiting check looks for a free slot again.
POLL_SECONDS = 0.05


class NoFreeSlot(Exception):
    """Every slot stayed taken for as long as the check could wait."""


def _try_slot(path: Path) -> int | None:
    """An open descriptor holding the lock on ``path``, or None if it is taken."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _take_slot(wait_seconds: float) -> int:
    directory = Path(settings.CODE_KDF_LOCK_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    slots = [
        directory / f"code-check-{n}.lock" for n in range(settings.CODE_KDF_CONCURRENCY)
    ]
    deadline = time.monotonic() + wait_seconds
    while True:
        for path in slots:
            fd = _try_slot(path)
            if fd is not None:
                return fd
        if time.monotonic() >= deadline:
            raise NoFreeSlot
        # A little jitter, so waiting workers do not retry in lockstep.
        time.sleep(POLL_SECONDS * (0.5 + random.random()))  # noqa: S311


@contextlib.contextmanager
def kdf_slot(wait_seconds: float):
    """Hold one of the server's code-check slots. Raises ``NoFreeSlot``."""
    fd = _take_slot(wait_seconds)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
