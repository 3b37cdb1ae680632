"""Site-wide privacy and security middleware."""

from typing import ClassVar

# Request metadata that could identify a visitor or their device. It is
# removed before any view, log call or error report can see it. (Django's CSRF
# check relies on the Origin header, which names only the site.)
IDENTIFYING_META = (
    "REMOTE_ADDR",
    "REMOTE_HOST",
    "REMOTE_PORT",
    "REMOTE_USER",
    "HTTP_USER_AGENT",
    "HTTP_REFERER",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_VIA",
    "HTTP_CLIENT_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_SEC_CH_UA",
    "HTTP_SEC_CH_UA_MOBILE",
    "HTTP_SEC_CH_UA_PLATFORM",
    "HTTP_FROM",
)

# Every powerful browser feature off: the site needs none of them. Besides
# the device APIs, this denies the advertising and tracking features some
# browsers switch on by default (Topics, FLEDGE ad auctions and interest
# groups, attribution reporting, private state tokens, the retired FLoC
# "interest-cohort"), as GlobaLeaks does. Only names browsers know (the W3C
# and Chromium feature lists); an unknown one would only log a warning.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "attribution-reporting",
        "autoplay",
        "battery",
        "bluetooth",
        "browsing-topics",
        "camera",
        "clipboard-read",
        "clipboard-write",
        "compute-pressure",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "identity-credentials-get",
        "idle-detection",
        "interest-cohort",
        "join-ad-interest-group",
        "keyboard-map",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "picture-in-picture",
        "private-aggregation",
        "private-state-token-issuance",
        "private-state-token-redemption",
        "publickey-credentials-create",
        "publickey-credentials-get",
        "run-ad-auction",
        "screen-wake-lock",
        "serial",
        "shared-storage",
        "shared-storage-select-url",
        "speaker-selection",
        "storage-access",
        "sync-xhr",
        "unload",
        "usb",
        "web-share",
        "window-management",
        "xr-spatial-tracking",
    )
)


class PrivacyMiddleware:
    """Forget who is asking: strip identifying request metadata."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key in IDENTIFYING_META:
            request.META.pop(key, None)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django's own middleware does not set.

    Nothing but a static file may be kept in the browser's cache: a page, a
    redirect or a download (the workbook) can carry what the visitor wrote,
    so every other response is ``no-store``. Static files (hashed names, the
    same for everyone) keep whitenoise's far-future caching but lose ETag and
    Last-Modified: a hashed name never changes, so there is nothing to
    revalidate, and neither header then exists to tell one visit from another.
    """

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.static_prefix = settings.STATIC_URL

    def __call__(self, request):
        response = self.get_response(request)
        response["Permissions-Policy"] = PERMISSIONS_POLICY
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        if request.path_info.startswith(self.static_prefix) and (
            response.status_code in (200, 206, 304)
        ):
            for header in ("ETag", "Last-Modified"):
                if header in response:
                    del response[header]
        else:
            response["Cache-Control"] = "no-store"
        if "Server" in response:
            del response["Server"]
        if request.method == "HEAD" and not response.streaming:
            # Same headers as GET, no body (gunicorn warns when one is sent).
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response


class AdminPolicyMiddleware:
    """The admin runs Django's own scripts (from this site only); help-seeker
    pages run none. Placed after CSPMiddleware so the policy it builds sees
    this replacement."""

    ADMIN_DIRECTIVES: ClassVar[dict[str, list[str]]] = {
        "script-src": ["'self'"],
        # Django's admin widgets set a few inline style attributes.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
    }

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_PATH.strip("/") + "/"

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(self.prefix):
            response._csp_update = dict(self.ADMIN_DIRECTIVES)
        return response


class ClearnetMirrorMiddleware:
    """What only the optional HTTPS clearnet mirror gets: plain-http requests
    for it are redirected to HTTPS, and its HTTPS responses carry HSTS and an
    Onion-Location header pointing Tor Browser to the same page on the onion.

    Requests for the onion (or any host other than the mirror's) are never
    redirected and never get HSTS: the onion is reached over http, with no
    certificate, so a redirect to https://<onion>/ would only show an error,
    and HSTS would lock the browser into it. That is why Django's own
    SECURE_SSL_REDIRECT and SECURE_HSTS_SECONDS, which apply to every host,
    stay off (see settings.py) and this middleware does their work.
    """

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.onion = settings.ONION_HOST
        self.clearnet = settings.CLEARNET_HOST
        self.hsts = _hsts_value(settings)

    def __call__(self, request):
        if not self.clearnet or not _is_host(request, self.clearnet):
            return self.get_response(request)
        if not request.is_secure():
            from django.http import HttpResponsePermanentRedirect

            return HttpResponsePermanentRedirect(
                f"https://{self.clearnet}{request.get_full_path()}"
            )
        response = self.get_response(request)
        if self.hsts and "Strict-Transport-Security" not in response:
            response["Strict-Transport-Security"] = self.hsts
        if self.onion:
            response["Onion-Location"] = f"http://{self.onion}{request.get_full_path()}"
        return response


# settings.MIDDLEWARE names the class by its earlier name.
OnionLocationMiddleware = ClearnetMirrorMiddleware


def _hsts_value(settings):
    seconds = getattr(settings, "CLEARNET_HSTS_SECONDS", 0)
    if not seconds:
        return ""
    value = f"max-age={seconds}"
    if getattr(settings, "CLEARNET_HSTS_INCLUDE_SUBDOMAINS", False):
        value += "; includeSubDomains"
    return value


def _is_host(request, host):
    """Whether the request is for ``host`` (any port). A host name outside
    ALLOWED_HOSTS is not: Django refuses it further in."""
    from django.core.exceptions import DisallowedHost

    try:
        requested = request.get_host().lower()
    except DisallowedHost:
        return False
    name, _colon, port = requested.rpartition(":")
    if name and port.isdigit() and not requested.endswith("]"):
        requested = name
    return requested == host


class FriendlyErrorsMiddleware:
    """Errors a visitor can meet get a page in their language, never a blank
    page or a stack trace: the database being unreachable or locked becomes
    "please try again shortly" (503), and a wrong method gets a real page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not getattr(response, "streaming", False)
            and not response.content
        ):
            allowed = response.get("Allow", "")
            response = render_error(request, "errors/405.html", 405)
            if allowed:
                response["Allow"] = allowed
        return response

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError

        if isinstance(exception, OperationalError | InterfaceError):
            import logging

            logging.getLogger("selfhelp").error(
                "The database is unavailable: %s", exception.__class__.__name__
            )
            response = render_error(request, "errors/503.html", 503)
            response["Retry-After"] = "30"
            return response
        return None


def render_error(request, template, status):
    from django.shortcuts import render

    return render(request, template, status=status)
