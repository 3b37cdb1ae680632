"""Holding the team's private key while a counsellor works.

Opening the inbox with the team passphrase gives the private key. It is
kept in neither the database nor a file: it goes to the counsellor's browser
in a short-lived cookie, encrypted under a random key that only their staff
session holds. The server alone (its database, where sessions live, plus its
settings) cannot open the cookie it does not have; the cookie alone cannot be
opened without the session. Signing out, or the session ending after
``SELFHELP_STAFF_IDLE_MINUTES``, makes the cookie useless; the cookie itself
expires after ``SELFHELP_MESSAGING_UNLOCK_MINUTES``.
"""

import base64
import binascii
import time

from django.conf import settings

from modules.messaging import crypto
from modules.messaging.conversations import NotReady, team_key

COOKIE = "team_key"
SESSION_KEY = "messaging_wrap"


def _cookie_path():
    return "/" + settings.ADMIN_PATH


def unlock(request, response, passphrase: str) -> bool:
    """Whether ``passphrase`` opened the team key (then it is held)."""
    try:
        private = crypto.unlock_private_key(team_key(), passphrase)
    except crypto.CannotOpen:
        return False
    lifetime = settings.MESSAGING_UNLOCK_MINUTES * 60
    wrap_key = crypto.new_wrap_key()
    request.session[SESSION_KEY] = [wrap_key.hex(), int(time.time()) + lifetime]
    response.set_cookie(
        COOKIE,
        base64.urlsafe_b64encode(crypto.wrap(wrap_key, private)).decode("ascii"),
        max_age=lifetime,
        path=_cookie_path(),
        httponly=True,
        samesite="Strict",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return True


def private_key(request) -> bytes | None:
    """The team's private key if this counsellor has opened the inbox."""
    held = request.session.get(SESSION_KEY)
    cookie = request.COOKIES.get(COOKIE)
    if not held or not cookie or held[1] < time.time():
        return None
    try:
        private = crypto.unwrap(
            bytes.fromhex(held[0]), base64.urlsafe_b64decode(cookie)
        )
        current = team_key()
    except (crypto.CannotOpen, ValueError, binascii.Error, NotReady):
        return None
    # A key opened before ``messagingkey rotate`` opens nothing now: ask again.
    if crypto.public_of(private) != bytes(current.public_key):
        return None
    return private


def lock(request, response) -> None:
    request.session.pop(SESSION_KEY, None)
    response.delete_cookie(COOKIE, path=_cookie_path(), samesite="Strict")
