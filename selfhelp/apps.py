from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SelfhelpConfig(AppConfig):
    default = True
    name = "selfhelp"


class SelfhelpAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with selfhelp's own site (translations, dashboard)."""

    default = False
    default_site = "selfhelp.admin.SelfhelpAdminSite"
