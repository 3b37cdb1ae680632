"""The messaging side of the admin: the counsellors' inbox (``inbox.py``)
in place of a change list, and the staff-set texts and openings."""

from django.contrib import admin
from django.urls import path

from modules.messaging import inbox
from modules.messaging.models import Conversation, ReplyOpening, ServiceInfo


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    """No model forms: a conversation is read and answered only through the
    inbox's views, which open the sealed copies with the team key."""

    def has_module_permission(self, request):
        return request.user.has_perm(inbox.PERMISSION)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(inbox.PERMISSION)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(inbox.inbox), name="messaging_conversation_changelist"),
            path("open/", wrap(inbox.open_inbox), name="messaging_open"),
            path("lock/", wrap(inbox.close_inbox), name="messaging_lock"),
            path("me/", wrap(inbox.display_name), name="messaging_display_name"),
            path(
                "<str:conversation_id>/",
                wrap(inbox.conversation),
                name="messaging_conversation",
            ),
            path(
                "<str:conversation_id>/<str:action>/",
                wrap(inbox.act),
                name="messaging_act",
            ),
        ]


@admin.register(ServiceInfo)
class ServiceInfoAdmin(admin.ModelAdmin):
    list_display = ("language", "reply_days")


@admin.register(ReplyOpening)
class ReplyOpeningAdmin(admin.ModelAdmin):
    list_display = ("title", "order")
    search_fields = ("title", "text")
