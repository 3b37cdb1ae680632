"""Test settings: the production settings module, with a throwaway secret and
file-based databases under var/ so tests can inspect the stored bytes."""

import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("SELFHELP_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("SELFHELP_CODE_PEPPER", "test-pepper-not-for-production")

from selfhelp.settings import *  # noqa: E402,F403
from selfhelp.settings import BASE_DIR, DATABASES, VAR_DIR  # noqa: E402

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A real file (not :memory:) so tests can search the database and its WAL.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}

STATIC_ROOT = tempfile.mkdtemp(prefix="selfhelp-static-")

# Tests write catalogues (admin edits, exports): give each test process its
# own copy of locale/ so the repository's files are never touched.
_locale = Path(tempfile.mkdtemp(prefix="selfhelp-locale-")) / "locale"
shutil.copytree(
    BASE_DIR / "locale", _locale, ignore=shutil.ignore_patterns("*.mo", ".*.lock")
)
LOCALE_PATHS = [_locale]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
