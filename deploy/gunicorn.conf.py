"""gunicorn settings for selfhelp.

Start with: gunicorn -c deploy/gunicorn.conf.py
Environment: SELFHELP_BIND (default: the unix socket tor points at; under
systemd the socket comes from deploy/systemd/selfhelp.socket instead),
SELFHELP_WORKERS (default: from the CPU count), SELFHELP_THREADS,
SELFHELP_MAX_REQUESTS and SELFHELP_MAX_REQUESTS_JITTER.

gunicorn adds the working directory to the import path before it reads this
file, so the project's own modules can be imported here.
"""

import os

from django import db
from gunicorn import glogging as _gunicorn_logging
from gunicorn import util as _gunicorn_util
from gunicorn.http import wsgi as _gunicorn_wsgi

from selfhelp import capacity
from selfhelp.logging import LOG_FORMAT, GunicornWithoutRequestDetails
from selfhelp.middleware import PERMISSIONS_POLICY

wsgi_app = "selfhelp.wsgi:application"

# Under systemd, gunicorn is handed the socket that selfhelp.socket made (only
# tor's group may connect) and ignores this. When gunicorn binds a unix socket
# itself (tests, a manual run), only its owner and group may connect.
bind = [os.environ.get("SELFHELP_BIND", "unix:/run/selfhelp/gunicorn.sock")]
umask = 0o007

# Two workers per core, plus one, and eight threads each (selfhelp/capacity.py
# says why; SELFHELP_WORKERS and SELFHELP_THREADS override). Eight threads: a
# request waiting for a save-code check's slot (see
# modules/journal/throttle.py) or for a slow Tor client holds a thread but no
# CPU, and must not keep a frightened visitor's helplines page waiting. Each
# thread may hold a database connection: `manage.py check` warns when the
# connection budget in docs/deploy.md is exceeded.
workers = capacity.workers()
threads = capacity.threads()

# A worker that lives for weeks grows: Python rarely gives memory back, and
# fragmentation adds up (the caches themselves are bounded: see
# modules/content/cache.py). After about this many requests a worker
# finishes the one in hand and is replaced by a fresh one; the others keep
# serving meanwhile, so no visitor notices. The jitter staggers the
# replacements so that the workers never all restart at once. Not much
# lower: at 2,000 a flood of a few thousand requests a second replaced every
# worker every few seconds, and a busy site spent its time starting workers.
max_requests = int(os.environ.get("SELFHELP_MAX_REQUESTS", 20000))
max_requests_jitter = int(os.environ.get("SELFHELP_MAX_REQUESTS_JITTER", 2000))

# Load the application once, in the master, before forking the workers: a
# replacement worker then starts in milliseconds instead of importing Django
# again (over a second of CPU), and the workers share the loaded code's
# memory. Code changes need `systemctl restart selfhelp` (a HUP reloads no
# code), which is what docs/deploy.md says to do.
preload_app = True


def when_ready(server):
    """In the master, before the workers are forked: answer every offered
    language's first pages once and freeze what that loaded out of the
    garbage collector's way (selfhelp/warmup.py says why), so that no
    worker, first or replacement, makes a visitor wait. Then close the
    database connections: workers must not share the master's, each opens
    its own."""
    if preload_app:
        # Imported here: it needs Django set up, which loading the
        # application does, after gunicorn has read this file.
        from selfhelp import warmup

        warmup.ready_for_workers(server.app.wsgi())
    db.connections.close_all()


# Tor circuits are slow: allow a long time for a request, and keep
# connections open long enough for the stylesheet to follow the page.
timeout = 120
graceful_timeout = 30
keepalive = 30

# No access log, ever: it would record when each page was visited. Errors go
# to standard error at warning level, without request details and without a
# timestamp (see PrivateLogger below).
accesslog = None
disable_redirect_access_to_syslog = True
errorlog = "-"
loglevel = "warning"
capture_output = False

# Never trust proxy headers that claim to carry a client address. (gunicorn
# trusts every peer of a unix socket whatever this says; the privacy
# middleware drops those headers before Django uses them.)
forwarded_allow_ips = ""
proxy_allow_ips = ""

# gunicorn 27's control socket ($HOME/.gunicorn/gunicorn.ctl) is not needed:
# systemd manages the process, and two instances run as one user (the public
# site and the admin) would remove each other's socket.
control_socket_disable = True

# Reject absurd requests before Django sees them.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190


class PrivateLogger(_gunicorn_logging.Logger):
    """gunicorn's logger, minus what could identify a visitor: a refused
    request is logged as "Invalid request refused" (gunicorn's own line names
    the address and quotes the bad header or request line), an application
    error without its method and path (selfhelp.logging has the rules), lines
    carry level and logger name but no time, and there is no access log even
    if one is asked for on the command line."""

    error_fmt = LOG_FORMAT
    datefmt = None
    syslog_fmt = LOG_FORMAT

    def setup(self, cfg):
        super().setup(cfg)
        if not any(
            isinstance(f, GunicornWithoutRequestDetails) for f in self.error_log.filters
        ):
            self.error_log.addFilter(GunicornWithoutRequestDetails())

    def access(self, resp, req, environ, request_time):
        return


logger_class = PrivateLogger

# gunicorn names itself in a "Server" header that cannot be switched off by a
# setting; this drops it, so responses say nothing about the software.
_default_headers = _gunicorn_wsgi.Response.default_headers


def _default_headers_without_server(self):
    return [h for h in _default_headers(self) if not h.startswith("Server:")]


_gunicorn_wsgi.Response.default_headers = _default_headers_without_server

# gunicorn answers a request it cannot parse (a malformed header, a line too
# long) itself, before Django sees it, with a page that quotes the offending
# part and has none of the site's security headers. This answers instead with
# a fixed page and the same headers as the site's pages (and a policy that
# allows nothing at all).
_ERROR_HEADERS = (
    ("Content-Type", "text/html; charset=utf-8"),
    (
        "Content-Security-Policy",
        "default-src 'none'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
    ("X-Robots-Tag", "noindex, nofollow"),
    ("Cache-Control", "no-store"),
    ("Connection", "close"),
)


def _write_error_with_security_headers(sock, status_int, reason, mesg):
    body = (
        f'<!DOCTYPE html>\n<html lang="en"><meta charset="utf-8">'
        f"<title>{status_int} {reason}</title><h1>{reason}</h1></html>\n"
    ).encode()
    head = [f"HTTP/1.1 {status_int} {reason}"]
    head += [f"{name}: {value}" for name, value in _ERROR_HEADERS]
    head.append(f"Content-Length: {len(body)}")
    response = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
    _gunicorn_util.write_nonblock(sock, response)


_gunicorn_util.write_error = _write_error_with_security_headers
