"""The admin's own record of changes, and sign-in locks, for administrators."""

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice

from modules.staff.models import StaffSignInLock


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """The admin's own record of changes: who changed what, and when."""

    list_display = (
        "action_time",
        "user",
        "content_type",
        "object_repr",
        "action_flag",
        "change_message",
    )
    list_filter = ("action_flag", "content_type")
    search_fields = ("object_repr", "change_message", "user__username")
    date_hierarchy = "action_time"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StaffSignInLock)
class StaffSignInLockAdmin(admin.ModelAdmin):
    """Accounts with failed sign-ins in a row, and those locked for a while.
    An administrator unlocks one (say, after a phone call with its owner)
    with the action or the account's Unlock button; the unlock is recorded
    against the user in the admin's log."""

    list_display = ("username", "failures", "locked_until", "is_locked", "unlock")
    search_fields = ("username",)
    actions = ("unlock_selected",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "unlock" says what it does
        return actions

    @admin.display(description=_("locked now"), boolean=True)
    def is_locked(self, lock):
        return bool(lock.locked_until and lock.locked_until > timezone.now())

    @admin.display(description=_("unlock"))
    def unlock(self, lock):
        url = reverse("admin:staff_staffsigninlock_unlock", args=[lock.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Unlock"))

    @admin.action(description=_("Unlock the selected accounts"), permissions=["delete"])
    def unlock_selected(self, request, queryset):
        count = unlock(request, queryset)
        self.message_user(
            request,
            ngettext(
                "Unlocked %(count)d account: it can sign in again now.",
                "Unlocked %(count)d accounts: they can sign in again now.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/unlock/",
                self.admin_site.admin_view(self.unlock_view),
                name="staff_staffsigninlock_unlock",
            ),
            *super().get_urls(),
        ]

    def unlock_view(self, request, pk):
        """Asks first (GET), unlocks on the button (POST)."""
        lock = get_object_or_404(StaffSignInLock, pk=pk)
        if not self.has_delete_permission(request, lock):
            raise PermissionDenied
        if request.method == "POST":
            self.unlock_selected(request, StaffSignInLock.objects.filter(pk=pk))
            return redirect("admin:staff_staffsigninlock_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Unlock %(username)s?") % {"username": lock.username},
            "lock": lock,
            "opts": self.opts,
        }
        return render(request, "staff/unlock.html", context)


def unlock(request, locks):
    """Remove the locks (and the failure counts with them), logged against
    each account they belonged to."""
    locks = list(locks)
    accounts = get_user_model()._default_manager.filter(
        username__in=[lock.username for lock in locks]
    )
    for account in accounts:
        lock = next(lock for lock in locks if lock.username == account.username)
        LogEntry.objects.log_actions(
            request.user.pk,
            [account],
            CHANGE,
            change_message=(
                f"Unlocked sign-in ({lock.failures} failed sign-ins in a row, "
                f"locked until {lock.locked_until or '-'})."
            ),
            single_object=True,
        )
    StaffSignInLock.objects.filter(pk__in=[lock.pk for lock in locks]).delete()
    return len(locks)


class BackupCodesAdmin(StaticDeviceAdmin):
    """A member's backup codes are theirs alone: administrators see how many
    are left and can delete the set (its owner then makes new ones), but
    never the codes themselves (django-otp's admin lists them)."""

    inlines = ()
    list_display = ("user", "name", "unused_codes", "last_used_at")

    @admin.display(description=_("unused codes"))
    def unused_codes(self, device):
        return device.token_set.count()


admin.site.unregister(StaticDevice)
admin.site.register(StaticDevice, BackupCodesAdmin)
