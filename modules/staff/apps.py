from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


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
