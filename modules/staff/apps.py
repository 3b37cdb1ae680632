from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticDefaultConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPDefaultConfig


class StaffConfig(AppConfig):
    default = True
    name = "modules.staff"
    label = "staff"
    verbose_name = _("Staff")

    def ready(self):
        # Models can be imported only once the app registry is ready.
        from modules.journal.signals import journal_saved
        from modules.journey.signals import progress_made
        from modules.staff import roles, usage

        post_migrate.connect(
            roles.sync_roles, sender=self, dispatch_uid="staff-sync-roles"
        )
        progress_made.connect(usage.count_progress, dispatch_uid="staff-count")
        journal_saved.connect(usage.count_saved_journal, dispatch_uid="staff-saved")


class StaffAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the staff side's own site (two-factor sign-in,
    translations, the usage dashboard)."""

    default = False
    default_site = "modules.staff.sites.StaffAdminSite"


def plain_names(app_config, names):
    """Give django-otp's models plain, translated names in the admin.

    Only the names the admin shows change (``_meta.verbose_name`` and its
    plural), not ``_meta.original_attrs``, which is what the migration
    autodetector compares: so no migration is ever made for these apps.
    """
    for model_name, (singular, plural) in names.items():
        meta = app_config.get_model(model_name)._meta
        meta.verbose_name = singular
        meta.verbose_name_plural = plural


class AuthenticatorAppsConfig(TOTPDefaultConfig):
    """django-otp's authenticator apps (TOTP), under a name staff understand
    (the admin showed "OTP_TOTP")."""

    default = False
    verbose_name = _("Two-factor sign-in: authenticator apps")

    def ready(self):
        plain_names(
            self,
            {"TOTPDevice": (_("authenticator app"), _("authenticator apps"))},
        )


class BackupCodesConfig(StaticDefaultConfig):
    """django-otp's static devices: each staff member's set of backup codes."""

    default = False
    verbose_name = _("Two-factor sign-in: backup codes")

    def ready(self):
        plain_names(
            self,
            {
                "StaticDevice": (_("set of backup codes"), _("sets of backup codes")),
                "StaticToken": (_("backup code"), _("backup codes")),
            },
        )
