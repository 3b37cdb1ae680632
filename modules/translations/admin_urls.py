"""The translators' pages in the staff admin site."""

from django.urls import path, re_path

from modules.translations import editor
from modules.translations.admin_views import download, export, overview, upload


def urls(site):
    """The translators' pages, for the staff admin site's ``get_urls``.
    ``translations/<lang>/`` is the content catalogue (as before the
    interface could be edited); ``translations/<lang>/<catalogue>/`` either."""
    catalogue = r"(?P<lang>[\w-]+)/(?P<catalogue>content|interface)"
    return [
        path("translations/", site.admin_view(overview), name="translations"),
        path(
            "translations/export/",
            site.admin_view(export),
            name="translations_export",
        ),
        path(
            "translations/<str:lang>/",
            site.admin_view(editor.edit),
            name="translations_edit",
        ),
        path(
            "translations/<str:lang>/download/",
            site.admin_view(download),
            name="translations_download",
        ),
        path(
            "translations/<str:lang>/upload/",
            site.admin_view(upload),
            name="translations_upload",
        ),
        re_path(
            rf"^translations/{catalogue}/$",
            site.admin_view(editor.edit),
            name="translations_catalogue",
        ),
        re_path(
            rf"^translations/{catalogue}/download/$",
            site.admin_view(download),
            name="translations_catalogue_download",
        ),
        re_path(
            rf"^translations/{catalogue}/upload/$",
            site.admin_view(upload),
            name="translations_catalogue_upload",
        ),
    ]
