"""The production settings with one view that fails (``/fi/boom/``), for
starting gunicorn in tests of what a server error writes to the log."""

from selfhelp.settings import *  # noqa: F403

ROOT_URLCONF = "tests.site.urls"
