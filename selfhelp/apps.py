from django.apps import AppConfig


class SelfhelpConfig(AppConfig):
    """The project: settings, urls, middleware and the site-wide pages."""

    default = True
    name = "selfhelp"
