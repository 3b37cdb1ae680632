"""System checks: a deployment must set its own code pepper.

The pepper turns save codes into lookup ids and keys. Derived from anything
else (the secret key, say), rotating that would silently lock every saved
journal, so with DEBUG off it must be set explicitly.
"""

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
