"""Settings for selfhelp, read from the environment.

Every setting a deployment may change is a ``SELFHELP_*`` variable (or
``DATABASE_URL``); the defaults suit a local run on one machine. See
``deploy/selfhelp.env.example`` for a production environment.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from selfhelp import capacity, languages
from selfhelp.env import env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SELFHELP_VAR_DIR", BASE_DIR / "var"))


# --- Core ------------------------------------------------------------------
# SELFHELP_DEBUG: "true" only on a developer's machine; shows tracebacks.
DEBUG = env_bool("SELFHELP_DEBUG", default=False)

# SELFHELP_SECRET_KEY signs CSRF tokens and sessions. Required when DEBUG is
# off. SELFHELP_SECRET_KEY_FILE may name a file holding it instead (`make run`
# generates one in var/ for local use).
SECRET_KEY = os.environ.get("SELFHELP_SECRET_KEY", "")
if not SECRET_KEY and os.environ.get("SELFHELP_SECRET_KEY_FILE"):
    SECRET_KEY = Path(os.environ["SELFHELP_SECRET_KEY_FILE"]).read_text().strip()
if not SECRET_KEY:
    if DEBUG:
        # S105: a development-only key; with DEBUG off the site refuses to start.
        SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "Set SELFHELP_SECRET_KEY (or SELFHELP_SECRET_KEY_FILE) when DEBUG is off."
        )

# SELFHELP_ALLOWED_HOSTS: comma-separated host names the site answers to,
# e.g. "abcdef...xyz.onion". The default suits a local run.
ALLOWED_HOSTS = env_list("SELFHELP_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# SELFHELP_ONION_HOST: the onion service's address, e.g. "abc...xyz.onion".
# Setting it marks a deployment: the host is allowed and cookies are Secure
# (Tor Browser treats .onion pages as a secure context).
ONION_HOST = os.environ.get("SELFHELP_ONION_HOST", "").strip().lower()
# SELFHELP_CLEARNET_HOST: an optional HTTPS mirror, e.g. "help.example.org".
# It gets HTTPS redirects, HSTS and an Onion-Location header pointing to the onion.
CLEARNET_HOST = os.environ.get("SELFHELP_CLEARNET_HOST", "").strip().lower()
ALLOWED_HOSTS += [
    host for host in (ONION_HOST, CLEARNET_HOST) if host and host not in ALLOWED_HOSTS
]

ROOT_URLCONF = "selfhelp.urls"
WSGI_APPLICATION = "selfhelp.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "selfhelp",
    "modules.content",
    "modules.translations",
    "modules.journal",
    "modules.journey",
    "modules.surveys",
    "modules.messaging",
    "modules.staff",
    "modules.staff.apps.StaffAdminConfig",
    "nested_admin",
    "reversion",
    "django_otp",
    # django-otp's plugins, with plain names in the admin (see staff/apps.py).
    "modules.staff.apps.AuthenticatorAppsConfig",
    "modules.staff.apps.BackupCodesConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
]

MIDDLEWARE = [
    # First: drop IP address, user agent, referrer and proxy headers from the
    # request so no later code can read, store or log them.
    "selfhelp.middleware.PrivacyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "selfhelp.middleware.SecurityHeadersMiddleware",
    "selfhelp.middleware.OnionLocationMiddleware",
    "csp.middleware.CSPMiddleware",
    "selfhelp.middleware.AdminPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A configured language is served once its catalogues are complete.
    "modules.translations.middleware.OfferedLanguagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An admin form sent after the idle limit is kept and sent again once its
    # author has signed in (modules/staff/resume.py).
    "modules.staff.resume.ResumeAfterIdleMiddleware",
    "modules.journal.middleware.JournalMiddleware",
    "selfhelp.middleware.FriendlyErrorsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: a first visit's page comes from the cache in place of the view,
    # after every other middleware has seen the request.
    "modules.journey.first_visit.FirstVisitMiddleware",
]

_template_loaders = [
    "django.template.loaders.filesystem.Loader",
    "django.template.loaders.app_directories.Loader",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "selfhelp.context_processors.site",
                "modules.messaging.context_processors.reply_waiting",
            ],
            # Templates are parsed once per process, not on every request.
            "loaders": _template_loaders
            if DEBUG
            else [("django.template.loaders.cached.Loader", _template_loaders)],
        },
    }
]

# --- Database ----------------------------------------------------------------
# DATABASE_URL: e.g. postgres://selfhelp@/selfhelp for PostgreSQL (psycopg 3).
# The default is a SQLite file in var/, in WAL mode so readers never wait for
# a writer.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("SELFHELP_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # Deleted rows are overwritten with zeros and the WAL kept small (see journal.models.scrub_deleted).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON; PRAGMA journal_size_limit=1048576;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters are bound on the server: statements reach PostgreSQL, and so
    # any line of its log, with $1 placeholders, never with the values.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True

# --- Capacity ----------------------------------------------------------------
# What the connection budget check (selfhelp/checks.py) counts: this server's
# gunicorn workers and threads (SELFHELP_WORKERS, SELFHELP_THREADS, as
# deploy/gunicorn.conf.py reads them), SELFHELP_APP_SERVERS (gunicorn
# instances of this size on the database, the admin's included) and
# SELFHELP_DB_MAX_CONNECTIONS (PostgreSQL's max_connections).
GUNICORN_WORKERS = capacity.workers()
GUNICORN_THREADS = capacity.threads()
APP_SERVERS = env_int("SELFHELP_APP_SERVERS", 1)
DB_MAX_CONNECTIONS = env_int("SELFHELP_DB_MAX_CONNECTIONS", 100)

# --- Languages ---------------------------------------------------------------
# Every page lives under a language prefix (/en/, /fi/, ...). SELFHELP_LANGUAGES
# lists the languages served (default: all that ship); each is offered once its
# catalogues are complete, or at once if in SELFHELP_OFFER_UNFINISHED.
LANGUAGE_CODE = "en"
LANGUAGES = languages.configured(env_list("SELFHELP_LANGUAGES"))
OFFER_UNFINISHED = env_list("SELFHELP_OFFER_UNFINISHED")
# The live catalogues (content and interface) are in the database. The .po
# files a release ships (locale/ in the repository) are merged into them by
# `manage.py mergecatalogues`; nothing reads them at run time.
RELEASE_LOCALE_DIR = BASE_DIR / "locale"
# SELFHELP_LOCALE_DIR: this server's own directory (never shared) for the .mo
# files it compiles from the database whenever a catalogue changes there
# (modules/translations/live.py).
LOCALE_PATHS = [Path(os.environ.get("SELFHELP_LOCALE_DIR", VAR_DIR / "locale"))]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True
# No language cookie: the URL alone says which language a page is in.
LANGUAGE_COOKIE_AGE = None

# --- Static files --------------------------------------------------------------
# Hashed file names, compressed, served by whitenoise with far-future caching.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("SELFHELP_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365
# No other site may read them (no Access-Control-Allow-Origin: *). ETag and
# Last-Modified are dropped by selfhelp.middleware.SecurityHeadersMiddleware:
# a hashed name never changes, so there is nothing to revalidate.
WHITENOISE_ALLOW_ALL_ORIGINS = False

# --- Privacy and security ------------------------------------------------------
# Cookies: never readable by scripts, never sent with requests from other sites.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
# The CSRF cookie ends with the browser session: a year-long cookie would tell
# anyone who opens the browser later that the site was visited.
CSRF_COOKIE_AGE = None
# An onion service is reached over http (Tor encrypts the connection), so
# cookies cannot be marked Secure there; a clearnet HTTPS mirror sets this.
SESSION_COOKIE_SECURE = env_bool(
    "SELFHELP_SECURE_COOKIES", default=bool(ONION_HOST or CLEARNET_HOST)
)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

if CLEARNET_HOST:
    # The clearnet mirror is HTTPS only, behind a TLS-terminating proxy that
    # sets X-Forwarded-Proto (and nothing that identifies the visitor).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Django's HTTPS redirect and HSTS apply to every host, the onion included,
# where there is no certificate: a redirect to https://<onion>/ only shows an
# error and HSTS would lock the browser into it. They stay off, and
# selfhelp.middleware.ClearnetMirrorMiddleware redirects and sends HSTS for
# requests to SELFHELP_CLEARNET_HOST only.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
# SELFHELP_HSTS_SECONDS, SELFHELP_HSTS_SUBDOMAINS: the clearnet mirror's HSTS
# (a year by default; subdomains are the operator's choice for their domain).
CLEARNET_HSTS_SECONDS = (
    env_int("SELFHELP_HSTS_SECONDS", 60 * 60 * 24 * 365) if CLEARNET_HOST else 0
)
CLEARNET_HSTS_INCLUDE_SUBDOMAINS = env_bool("SELFHELP_HSTS_SUBDOMAINS", default=False)
SILENCED_SYSTEM_CHECKS = [
    # Django's SECURE_HSTS_SECONDS and SECURE_SSL_REDIRECT are off on purpose
    # (above): the onion is reached over http, Tor already encrypts and
    # authenticates the connection end to end, and HSTS does not apply to
    # .onion. The clearnet mirror gets both from ClearnetMirrorMiddleware.
    "security.W004",  # SECURE_HSTS_SECONDS
    "security.W008",  # SECURE_SSL_REDIRECT
]
CSRF_FAILURE_VIEW = "selfhelp.views.csrf_failure"

SECURE_CONTENT_TYPE_NOSNIFF = True
# "same-origin" keeps the address of a page from every other site, yet lets
# the browser send the Origin header that Django's CSRF check relies on
# ("no-referrer" would make browsers send "Origin: null" with every form).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Help-seeker pages run no script at all: there is no script-src, so the
# default-src 'none' forbids every script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}

# SELFHELP_LINK_HOSTS: comma-separated host names that clinicians' and
# translators' text may link to (over https, or http for a .onion host).
# Empty by default: a link to any other host is shown as text with its address,
# so no click takes a visitor off the onion (see modules/content/markdown.py).
LINK_HOSTS = [host.lower() for host in env_list("SELFHELP_LINK_HOSTS")]

# SELFHELP_LEAVE_URL: where "Leave this site" goes after clearing the site's
# data from the browser. Choose an everyday, neutral page.
LEAVE_URL = os.environ.get("SELFHELP_LEAVE_URL", "https://www.wikipedia.org/")

# --- The visitor's journal ---------------------------------------------------
# SELFHELP_JOURNAL_UNSAVED_DAYS: a journal that was never saved with a code is
# deleted after this many days unused (its key lived only in a cookie).
JOURNAL_UNSAVED_DAYS = env_int("SELFHELP_JOURNAL_UNSAVED_DAYS", 1)
# SELFHELP_JOURNAL_SAVED_DAYS: a journal saved with a code is deleted after
# this many days unused.
JOURNAL_SAVED_DAYS = env_int("SELFHELP_JOURNAL_SAVED_DAYS", 180)
# The longest answer a visitor can give to one question, in characters.
ANSWER_MAX_LENGTH = 10000
# SELFHELP_SESSION_HOURS: how long the journal cookie lasts in a browser.
JOURNAL_COOKIE_AGE = env_int("SELFHELP_SESSION_HOURS", 12) * 3600
# A journal's limits (its padded bytes; its diary entries): a change past one is refused, nothing dropped.
JOURNAL_MAX_BYTES = 1024 * 1024

# --- Messages with counsellors ----------------------------------------------
# SELFHELP_MESSAGING_MAX_CHARS: the longest message, in characters (either side).
MESSAGING_MAX_CHARS = env_int("SELFHELP_MESSAGING_MAX_CHARS", 2000)
# SELFHELP_MESSAGING_PER_DAY: messages one journal may send in a day.
MESSAGING_PER_DAY = env_int("SELFHELP_MESSAGING_PER_DAY", 5)
# SELFHELP_MESSAGING_CLOSED_DAYS: a closed conversation is deleted after this many days (purgemessages).
MESSAGING_CLOSED_DAYS = env_int("SELFHELP_MESSAGING_CLOSED_DAYS", 30)
# SELFHELP_MESSAGING_UNLOCK_MINUTES: how long an opened inbox stays open in a counsellor's browser.
MESSAGING_UNLOCK_MINUTES = env_int("SELFHELP_MESSAGING_UNLOCK_MINUTES", 60)
DIARY_MAX_ENTRIES = 500

# --- Research figures -------------------------------------------------------
# SELFHELP_MIN_CELL: the smallest count shown to staff or exported (survey
# results, the usage dashboard). Smaller counts are suppressed, with enough
# other cells that no total gives them away (docs/research.md).
MIN_CELL = max(2, env_int("SELFHELP_MIN_CELL", 10))

# --- Save codes --------------------------------------------------------------
# SELFHELP_CODE_PEPPER: a long random secret that turns save codes into
# lookup ids and keys. Keep it out of the database and its backups; every app
# server needs the same one. Without it, saved journals cannot be opened.
CODE_PEPPER = os.environ.get("SELFHELP_CODE_PEPPER", "")
if not CODE_PEPPER and os.environ.get("SELFHELP_CODE_PEPPER_FILE"):
    CODE_PEPPER = Path(os.environ["SELFHELP_CODE_PEPPER_FILE"]).read_text().strip()
if not CODE_PEPPER and DEBUG:
    # Development only. With DEBUG off an unset pepper is a system-check error
    # (selfhelp.E001) and the site refuses to start: a pepper derived from
    # anything else would lock every saved journal when that changed.
    CODE_PEPPER = "insecure-development-pepper-never-use-in-production"
# SELFHELP_CODE_KDF_CONCURRENCY: code checks (64 MiB each) the whole server runs at once (journal/throttle.py).
CODE_KDF_CONCURRENCY = env_int("SELFHELP_CODE_KDF_CONCURRENCY", 2)
# SELFHELP_RUN_DIR: their lock files' directory; default systemd's $RUNTIME_DIRECTORY, else var/run.
_run_dir = os.environ.get("SELFHELP_RUN_DIR") or os.environ.get("RUNTIME_DIRECTORY", "")
CODE_KDF_LOCK_DIR = Path(_run_dir.split(":")[0] or VAR_DIR / "run")

# --- Performance ---------------------------------------------------------------
# SELFHELP_CHECK_SECONDS: how often each process asks the database whether
# content or a catalogue changed (one small query each). An edit saved on any
# server is seen by every process of every server within this many seconds.
CHECK_SECONDS = float(os.environ.get("SELFHELP_CHECK_SECONDS", "") or 1.0)
# SELFHELP_CONTENT_CACHE_SECONDS=0 turns off the per-process cache of published
# program content (any other value leaves it on: since content changes are
# checked every CHECK_SECONDS, entries no longer expire by age).
CONTENT_CACHE_SECONDS = env_int("SELFHELP_CONTENT_CACHE_SECONDS", 5)

# --- Logging -----------------------------------------------------------------
# Warnings and errors only, to standard error, with nothing about a request
# (no address, path, query, header, user, nor an exception's message) and no
# timestamp. The policy and its filters: selfhelp/logging.py. No error e-mails.
from selfhelp.logging import LOGGING  # noqa: E402, F401

ADMINS = []

# --- Admin -------------------------------------------------------------------
# SELFHELP_ADMIN_ENABLED=false removes the admin from this instance entirely
# (run it on a second, private onion instead). SELFHELP_ADMIN_PATH moves it.
ADMIN_ENABLED = env_bool("SELFHELP_ADMIN_ENABLED", default=True)
ADMIN_PATH = os.environ.get("SELFHELP_ADMIN_PATH", "admin/").strip("/") + "/"
LOGIN_URL = "admin:login"
# SELFHELP_STAFF_IDLE_MINUTES: a staff session ends after this long without a
# request. (Help-seekers have no Django session at all.)
SESSION_COOKIE_AGE = env_int("SELFHELP_STAFF_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Messages to visitors ride in a cookie, so visitors never get a session.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
# SELFHELP_SIGNIN_MAX_FAILURES failed sign-ins in a row lock a staff account (by username) for SELFHELP_SIGNIN_LOCK_MINUTES.
SIGNIN_MAX_FAILURES = env_int("SELFHELP_SIGNIN_MAX_FAILURES", 5)
SIGNIN_LOCK_MINUTES = env_int("SELFHELP_SIGNIN_LOCK_MINUTES", 15)
# Staff passwords: Argon2id, 64 MiB and one lane per check, SELFHELP_PASSWORD_CHECKS_AT_ONCE at a time per process (64 MiB each; see modules/staff/passwords.py).
PASSWORD_CHECKS_AT_ONCE = env_int("SELFHELP_PASSWORD_CHECKS_AT_ONCE", 1)
PASSWORD_HASHERS = [
    "modules.staff.passwords.BoundedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Staff enrol their own authenticator (modules/staff/enrol.py): the device
# admin never shows anyone's key or QR code, not even to administrators.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_TOTP_ISSUER = os.environ.get("SELFHELP_SITE_NAME", "selfhelp")

# --- Site ----------------------------------------------------------------------
SITE_NAME = os.environ.get("SELFHELP_SITE_NAME", "selfhelp")

# --- Who runs this site ----------------------------------------------------------
# Shown in the footer, on the about page and in the accessibility statement, so a
# visitor knows whom they are trusting and how to reach them. Empty, the pages say
# plainly that the operator has not filled this in yet.
OPERATOR_NAME = os.environ.get("SELFHELP_OPERATOR_NAME", "").strip()
OPERATOR_DESCRIPTION = os.environ.get("SELFHELP_OPERATOR_DESCRIPTION", "").strip()
# An e-mail address or a web address (a link only if its host is in LINK_HOSTS).
OPERATOR_CONTACT = os.environ.get("SELFHELP_OPERATOR_CONTACT", "").strip()
