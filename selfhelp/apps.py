from django.apps import AppConfig

from selfhelp import checks  # noqa: F401 (registers the connection budget check)


class SelfhelpConfig(AppConfig):
    """The project: settings, urls, middleware and the site-wide pages."""

    default = True
    name = "selfhelp"
