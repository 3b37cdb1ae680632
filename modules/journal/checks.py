"""System checks: a deployment must set its own code pepper, and give the
code checks a directory for their lock files.

The pepper turns save codes into lookup ids and keys. Derived from anything
else (the secret key, say), rotating that would silently lock every saved
journal, so with DEBUG off it must be set explicitly.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register("selfhelp")
def pepper_is_set(app_configs, **kwargs):
    if settings.CODE_PEPPER:
        return []
    return [
        Error(
            "SELFHELP_CODE_PEPPER (or SELFHELP_CODE_PEPPER_FILE) is not set.",
            hint="Set a long random secret, the same on every app server, and keep "
            "it out of the database and its backups: without it, journals saved "
            "with a code cannot be opened.",
            id="selfhelp.E001",
        )
    ]


@register("selfhelp")
def code_check_lock_dir_is_writable(app_configs, **kwargs):
    """Every code check takes a lock file there (throttle.py); without it,
    nobody could save or continue with a code."""
    directory = Path(settings.CODE_KDF_LOCK_DIR)
    existing = directory
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if os.access(existing, os.W_OK | os.X_OK):
        return []
    return [
        Error(
            f"{directory} (SELFHELP_RUN_DIR) cannot be written by this user.",
            hint="Point SELFHELP_RUN_DIR at a directory on this server that every "
            "worker can write, such as the service's RuntimeDirectory "
            "(/run/selfhelp/app).",
            id="selfhelp.E002",
        )
    ]
