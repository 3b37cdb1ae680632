"""Nothing typed in the admin is lost to the idle limit.

A staff session ends after SELFHELP_STAFF_IDLE_MINUTES without a request
(SESSION_COOKIE_AGE, renewed by every request). An editor who writes for
longer than that and then presses Save used to be sent to the sign-in page,
and what they had written was gone. Now:

1. While a staff member is signed in (and verified), each admin response
   carries a small signed cookie, ``staff_resume``: their account's id and a
   digest of their session's key, nothing else. It tells a later request
   "this browser was signed in as this account, in that session", which an
   ended session can no longer say.
2. A POST to an admin page that arrives with no signed-in user, from the same
   browser and the same (now ended) session as that cookie, is kept: its
   fields are encrypted (Fernet, with a key derived from SECRET_KEY, so a
   copy of the session table shows no text) and put into the new, anonymous
   session, with the page and the account it was for. Password fields are
   never kept, and an uploaded file cannot be (the editor is asked to choose
   it again). The editor is sent to the sign-in page, which says so.
3. Signing in keeps the anonymous session's data (Django cycles its key) and
   returns to that page. If the account that signs in is the one the text
   was written by, the kept POST is sent to the page again, exactly as if
   Save had been pressed then, through the admin's own view: the same
   permissions, validation and checks against other editors' changes. So
   the text is saved if it can be, and otherwise the form comes back with it
   filled in and the reason shown. Another account never receives it.

The original POST passed the CSRF check (done here, before it is kept); the
replay is marked as checked, since the token in it belonged to the session
that ended. Both cookies are SameSite=Strict, so another site cannot make a
browser keep or replay anything.
"""

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import QueryDict
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import NoReverseMatch, reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

COOKIE = "staff_resume"
SESSION_KEY = "staff_resume"
SALT = "modules.staff.resume"
# How long after the last signed-in request a kept form can still be saved:
# long enough for a long meeting, short enough that a forgotten one is gone.
MAX_AGE = 12 * 3600


def _fernet():
    key = salted_hmac(SALT, "form", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _digest(session_key):
    return hashlib.sha256(session_key.encode()).hexdigest()[:32]


def _verified(request):
    user = getattr(request, "user", None)
    return bool(user is not None and getattr(user, "is_verified", bool)())


def _no_view(request):
    return None


class ResumeAfterIdleMiddleware:
    """Keep an admin POST that arrives after the idle limit, and send it
    again once its author has signed in (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    @property
    def prefix(self):
        # Read on each request: the admin's path is a setting (and tests move it).
        return "/" + settings.ADMIN_PATH.strip("/") + "/"

    def __call__(self, request):
        if not (settings.ADMIN_ENABLED and request.path_info.startswith(self.prefix)):
            return self.get_response(request)
        try:
            quiet = (reverse("admin:login"), reverse("admin:logout"))
        except NoReverseMatch:  # no admin on this instance
            return self.get_response(request)
        if request.method == "POST" and request.path not in quiet:
            if not _verified(request) and self._author(request) is not None:
                return self._keep(request)
        elif request.method == "GET" and _verified(request):
            self._replay(request)
        response = self.get_response(request)
        self._remember(request, response)
        return response

    # --- While signed in --------------------------------------------------

    def _remember(self, request, response):
        session_key = getattr(request, "session", None) and request.session.session_key
        if _verified(request) and session_key:
            value = signing.TimestampSigner(salt=SALT).sign(
                f"{request.user.pk}:{_digest(session_key)}"
            )
            response.set_cookie(
                COOKIE,
                value,
                path=self.prefix,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Strict",
            )
        elif COOKIE in request.COOKIES and request.path == reverse("admin:logout"):
            response.delete_cookie(COOKIE, path=self.prefix, samesite="Strict")

    def _author(self, request):
        """The account this browser was signed in as, in the session whose
        (ended) key it still sends; None if it cannot say."""
        old_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        try:
            value = signing.TimestampSigner(salt=SALT).unsign(
                request.COOKIES.get(COOKIE, ""), max_age=MAX_AGE
            )
        except signing.BadSignature:
            return None
        user_pk, _sep, digest = value.partition(":")
        if not old_key or digest != _digest(old_key):
            return None
        return user_pk

    # --- The POST after the limit -----------------------------------------

    def _keep(self, request):
        refused = CsrfViewMiddleware(_no_view).process_view(request, _no_view, (), {})
        if refused is not None:
            return refused
        fields = {
            name: values
            for name, values in request.POST.lists()
            if "password" not in name.lower()
        }
        request.session[SESSION_KEY] = {
            "path": request.path,
            "user": self._author(request),
            "form": _fernet().encrypt(json.dumps(fields).encode()).decode(),
            "files": bool(request.FILES),
        }
        messages.warning(
            request,
            _(
                "You were signed out after %(minutes)d minutes without activity. "
                "What you sent is kept: sign in again, and it will be sent again "
                "to the page you were on."
            )
            % {"minutes": settings.SESSION_COOKIE_AGE // 60},
        )
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))

    # --- After signing in again -------------------------------------------

    def _replay(self, request):
        kept = request.session.get(SESSION_KEY)
        if not kept or kept.get("path") != request.path:
            return
        del request.session[SESSION_KEY]
        if kept.get("user") != str(request.user.pk):
            return  # written by another account: never shown to this one
        try:
            fields = json.loads(_fernet().decrypt(kept["form"].encode()))
        except (InvalidToken, ValueError, KeyError):
            return
        data = QueryDict(mutable=True)
        for name, values in fields.items():
            data.setlist(name, values)
        request.method = "POST"
        request.META["REQUEST_METHOD"] = "POST"
        request._post = data
        request._files = QueryDict(mutable=True)
        # The CSRF check was made when the form was sent (see _keep); its
        # token belonged to the session that has ended.
        request._dont_enforce_csrf_checks = True
        message = _(
            "You have signed in again: what you had sent before the break is "
            "sent again now, just as you left it."
        )
        if kept.get("files"):
            message += " " + _(
                "A file cannot be kept over a sign-in: please choose it again."
            )
        messages.info(request, message)
