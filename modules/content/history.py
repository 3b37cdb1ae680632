"""History in the admin: every saved change of a content item, compared with
now, and restored (django-reversion keeps the versions)."""

import difflib

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version


class HistoryAdmin(VersionAdmin):
    """Revision history with "compare with now" and "restore" for each version."""

    object_history_template = "content/history_with_compare.html"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/history/<int:version_id>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{info[0]}_{info[1]}_compare",
            ),
            *super().get_urls(),
        ]

    def compare_view(self, request, object_id, version_id):
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)
        changes = []
        for field in self.model._meta.concrete_fields:
            if field.primary_key or field.name == "uuid":
                continue
            old = version.field_dict.get(field.attname)
            new = getattr(obj, field.attname)
            if str(old) != str(new):
                diff = difflib.ndiff(str(old).splitlines(), str(new).splitlines())
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": old,
                        "new": new,
                        "diff": list(diff),
                    }
                )
        related = []
        for other in version.revision.version_set.exclude(pk=version.pk).select_related(
            "content_type"
        ):
            text = (
                other.field_dict.get("text")
                or other.field_dict.get("title")
                or other.object_repr
            )
            related.append({"kind": other.content_type.name, "text": text})
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare an earlier version with now"),
            "opts": self.model._meta,
            "object": obj,
            "version": version,
            "changes": changes,
            "related": related,
            "revision_url": reverse(
                f"{self.admin_site.name}:{self.model._meta.app_label}_{self.model._meta.model_name}_revision",
                args=[obj.pk, version.pk],
            ),
        }
        return TemplateResponse(request, "content/compare_version.html", context)
