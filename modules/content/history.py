"""History in the admin: every saved change of a content item, compared
word by word with now or with another version, and restored.

django-reversion keeps the versions. Each item has its own history (a step
holds its questions and their choices; a stage does not hold its steps), so
restoring one version changes that item alone.
"""

import reversion
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from modules.content.compare import current_texts, differences, version_texts


class HistoryAdmin(VersionAdmin):
    """Revision history with Compare (two versions, or one with now) and restore."""

    object_history_template = "content/history_with_compare.html"
    revision_form_template = "content/revision_form.html"
    recover_form_template = "content/recover_form.html"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        view = self.admin_site.admin_view(self.compare_view)
        return [
            path(
                "<path:object_id>/history/compare/",
                view,
                name=f"{info[0]}_{info[1]}_compare_any",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/compare/",
                view,
                name=f"{info[0]}_{info[1]}_compare",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        # Each row's version, for the "compare from/to" choices.
        for action in getattr(response, "context_data", {}).get("action_list", ()):
            action["version_id"] = action["url"].rstrip("/").rsplit("/", 1)[-1]
        return response

    def _version(self, obj, version_id):
        return get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)

    def compare_view(self, request, object_id, version_id=None):
        """``version_id`` (or ?from=) compared with ?to= (a version, or now)."""
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        try:
            old_id = int(version_id or request.GET.get("from", ""))
            new_id = request.GET.get("to", "now")
            new_id = None if new_id == "now" else int(new_id)
        except ValueError:
            old_id = new_id = None
        if old_id is None:
            raise PermissionDenied
        old = self._version(obj, old_id)
        new = self._version(obj, new_id) if new_id else None
        if new is not None and new.revision.date_created < old.revision.date_created:
            old, new = new, old
        after = version_texts(new) if new else current_texts(obj)
        info = self.model._meta.app_label, self.model._meta.model_name
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare two versions"),
            "opts": self.model._meta,
            "object": obj,
            "old": old,
            "new": new,
            "changes": differences(version_texts(old), after),
            "revision_url": reverse(
                f"{self.admin_site.name}:{info[0]}_{info[1]}_revision",
                args=[obj.pk, old.pk],
            ),
        }
        return TemplateResponse(request, "content/compare_version.html", context)


def _labels(model, names):
    return get_text_list(
        [
            str(field.verbose_name)
            for field in model._meta.concrete_fields
            if field.name in names
        ],
        _("and"),
    )


def _record(request, obj, comment):
    with reversion.create_revision():
        reversion.set_user(request.user)
        reversion.set_comment(comment)
        reversion.add_to_revision(obj)


class OwnRevisions:
    """For an admin whose inlines are items with their own history (a stage
    lists its steps, a track its stages): each saved row gets a revision of
    its own, so restoring the stage never reverts a step, nor the reverse.

    The rows are saved with no revision open, then each is recorded alone.
    (Restoring a version opens VersionAdmin's revision, which is kept.)"""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Skip VersionAdmin's one revision around the whole form.
        return super(VersionAdmin, self).change_view(
            request, object_id, form_url, extra_context
        )

    def add_view(self, request, form_url="", extra_context=None):
        return super(VersionAdmin, self).add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if reversion.is_active() or (change and not form.has_changed()):
            return
        if change:
            comment = _("Changed %(fields)s.") % {
                "fields": _labels(obj, form.changed_data)
            }
        else:
            comment = _("Added.")
        _record(request, obj, comment)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if reversion.is_active():
            return
        parent = str(form.instance)
        for obj in formset.new_objects:
            _record(request, obj, _("Added on the page of “%(p)s”.") % {"p": parent})
        for obj, names in formset.changed_objects:
            comment = _("Changed %(fields)s on the page of “%(p)s”.") % {
                "fields": _labels(obj, names),
                "p": parent,
            }
            _record(request, obj, comment)


class StepRevisions:
    """A step's revision holds its questions: a change to a question alone is
    still a change of the step, and shows in the step's history."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if reversion.is_active() and any(f.has_changed() for f in formsets):
            reversion.add_to_revision(form.instance)
