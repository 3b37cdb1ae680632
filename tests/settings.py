"""Test settings: the production settings module, with a throwaway secret and
file-based databases under var/ so tests can inspect the stored bytes.

Collected static files and the catalogues the tests may write go to each test
process's own temporary directory: see ``_private_locale_and_static`` in
conftest.py (nothing is created when this module is imported)."""

import os

os.environ.setdefault("SELFHELP_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("SELFHELP_CODE_PEPPER", "test-pepper-not-for-production")

# F403: the test settings are the production settings, with the changes below.
from selfhelp.settings import *  # noqa: F403
from selfhelp.settings import DATABASES, VAR_DIR

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A real file (not :memory:) so tests can search the database and its WAL.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Each test's first request checks the database for changed content and
# catalogues (see _fresh_content_cache in conftest.py); no later check falls
# due in the middle of a test, so counts of queries do not depend on how fast
# the machine is. Tests of the one-second bound set CHECK_SECONDS and move a
# fake clock.
CHECK_SECONDS = 3600.0
