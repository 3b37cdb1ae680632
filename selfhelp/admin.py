from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _


class SelfhelpAdminSite(admin.AdminSite):
    site_header = _("selfhelp: program administration")
    site_title = _("selfhelp administration")
    index_title = _("The program and its translations")

    def get_urls(self):
        from modules import translation_admin

        urls = [
            path(
                "translations/",
                self.admin_view(translation_admin.overview),
                name="translations",
            ),
            path(
                "translations/export/",
                self.admin_view(translation_admin.export),
                name="translations_export",
            ),
            path(
                "translations/<str:lang>/",
                self.admin_view(translation_admin.edit),
                name="translations_edit",
            ),
            path(
                "translations/<str:lang>/download/",
                self.admin_view(translation_admin.download),
                name="translations_download",
            ),
            path(
                "translations/<str:lang>/upload/",
                self.admin_view(translation_admin.upload),
                name="translations_upload",
            ),
            path("_nested_admin/", include("nested_admin.urls")),
        ]
        return urls + super().get_urls()
