"""Staff passwords: Argon2id with bounded work per check, and a bound on how
many checks one process runs at once.

Django's ``Argon2PasswordHasher`` takes about 100 MiB and 8 lanes (threads)
for every check, and nothing limits how many checks run together: an audit saw
100 sign-in attempts take a worker from 389 to 1,338 MiB. Here one check takes
64 MiB and one lane (one core), and each process runs at most
``PASSWORD_CHECKS_AT_ONCE`` checks at a time (memory for checks: 64 MiB
times that, per process); a check that finds every slot taken waits up to
``WAIT_SECONDS`` for one and then raises ``PasswordChecksBusy`` (the sign-in
form says "busy, try again"). Older hashes, Django's default Argon2 ones
included, are re-made with these parameters at the next sign-in.

Hashing a new password (``encode``) takes a slot too: it is the same work, and
Django's ModelBackend hashes the typed password once for an unknown username
so that it costs the same time as a known one.
"""

import threading
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class PasswordChecksBusy(Exception):
    """Every password-check slot of this process stayed taken for the whole wait."""


# One per process: gunicorn's workers are processes, and a worker's threads
# share this. Tests hold it to see what a busy process does.
SLOTS = threading.BoundedSemaphore(settings.PASSWORD_CHECKS_AT_ONCE)
# A check takes 0.1-0.3 s: a few seconds is a queue of several sign-ins, yet
# a flood of attempts cannot keep the server's threads waiting for long.
WAIT_SECONDS = 3


@contextmanager
def password_check_slot():
    """Hold one of this process's password-check slots, or raise
    ``PasswordChecksBusy`` if none frees up within the configured wait."""
    if not SLOTS.acquire(timeout=WAIT_SECONDS):
        raise PasswordChecksBusy
    try:
        yield
    finally:
        SLOTS.release()


class BoundedArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with 64 MiB, two passes and one lane per check, each check
    holding a slot (above).

    64 MiB with two passes is above OWASP's minimum for Argon2id (19 MiB, two
    passes, one lane) and costs about 0.1-0.3 s of one core; one lane keeps a
    check to one thread. The algorithm's name stays "argon2", so hashes made
    with Django's defaults (100 MiB, 8 lanes) are still checked here, inside a
    slot, and Django re-makes them with these parameters at the next
    successful sign-in (``must_update``).
    """

    memory_cost = 64 * 1024  # KiB: 64 MiB per check
    time_cost = 2  # passes over that memory
    parallelism = 1  # lanes, and so threads, per check

    def encode(self, password, salt):
        with password_check_slot():
            return super().encode(password, salt)

    def verify(self, password, encoded):
        with password_check_slot():
            return super().verify(password, encoded)
