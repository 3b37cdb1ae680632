"""Drafts and publishing in the admin, after Wagtail's editor: editing a
published item keeps the change as a draft beside the live row, which
visitors keep seeing; staff preview the draft as a visitor would, in any
language; a reviewer (permission ``content.publish_content``) publishes it,
and History records who published it and when.

A draft is the editor's submitted form. It is checked exactly as a save is
(by saving it in a transaction that is then rolled back), and publishing
or previewing replays it through the same admin form, so a draft made
before someone else's save is refused at publishing like any older form.
"""

import copy
import re

import reversion
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, resolve
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin
from reversion.models import Version

from modules.content.models import Draft

PUBLISH = "content.publish_content"
DRAFT_BUTTON = "_save_draft"


DRAFT_MEANWHILE = _(
    "Someone saved a draft of this item after you opened it, so your changes "
    "were not saved: saving them would replace that draft. Your text is still "
    "in the form below. Preview the waiting draft (link above), bring in what "
    "you want to keep, and save again."
)


RESTORE_NEEDS_REVIEWER = _(
    "This item is published, so restoring a version of it puts that version "
    "in front of visitors: a reviewer does that. Ask a reviewer, or copy what "
    "you need into the item's page and save it as a draft."
)


def _draft_token(draft):
    return f"{draft.pk}:{draft.saved_at.timestamp()}" if draft else ""


class _Rollback(Exception):
    """Undo a save that was only made to check (or show) a draft."""


def _queued(request):
    """How many messages wait to be shown (see ``_forget_messages``)."""
    storage = getattr(request, "_messages", None)
    return len(getattr(storage, "_queued_messages", ()))


def _forget_messages(request, keep=0):
    """Drop the "changed successfully" of a save that was rolled back, and
    only that: messages queued before it (``keep`` of them, e.g. "what you
    sent before the break is sent again") still reach the editor."""
    storage = getattr(request, "_messages", None)
    if storage is not None and hasattr(storage, "_queued_messages"):
        del storage._queued_messages[keep:]


class DraftsAdmin:
    """ModelAdmin mixin for publishable items."""

    def can_publish(self, request):
        return request.user.has_perm(PUBLISH)

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/draft/preview/",
                wrap(self.draft_preview_view),
                name="{}_{}_draft_preview".format(*info),
            ),
            path(
                "<path:object_id>/draft/publish/",
                wrap(require_POST(self.draft_publish_view)),
                name="{}_{}_draft_publish".format(*info),
            ),
            path(
                "<path:object_id>/draft/discard/",
                wrap(require_POST(self.draft_discard_view)),
                name="{}_{}_draft_discard".format(*info),
            ),
            *super().get_urls(),
        ]

    # --- Which saves make a draft -------------------------------------------

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None or getattr(request, "_content_apply_draft", False):
            return form
        waiting = _draft_token(self._draft_of(obj))

        class DraftAwareForm(form):
            """Refuses a save from a form opened before the waiting draft
            was saved: it would replace a draft its author never saw."""

            def clean(self):
                cleaned = super().clean()
                if self.data.get("draft_seen", "") != waiting:
                    raise ValidationError(DRAFT_MEANWHILE, code="draft_meanwhile")
                return cleaned

        return DraftAwareForm

    def has_delete_permission(self, request, obj=None):
        # Deleting takes something away from visitors: a reviewer's call.
        if obj is not None and getattr(obj, "is_published", False):
            if not self.can_publish(request):
                return False
        return super().has_delete_permission(request, obj)

    def get_changelist_form(self, request, **kwargs):
        form = super().get_changelist_form(request, **kwargs)
        if self.can_publish(request):
            return form

        class NoPublishing(form):
            """The list's "published" boxes are shown but only reviewers
            change them."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if "is_published" in self.fields:
                    self.fields["is_published"].disabled = True

        return NoPublishing

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if (
            request.method == "POST"
            and getattr(obj, "is_published", False)
            and not self.can_publish(request)
        ):
            messages.error(request, RESTORE_NEEDS_REVIEWER)
            return redirect("../")
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id)
        if (
            request.method == "POST"
            and version.field_dict.get("is_published")
            and not self.can_publish(request)
        ):
            messages.error(request, RESTORE_NEEDS_REVIEWER)
            return redirect("../")
        return super().recover_view(request, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if not self.can_publish(request) and "is_published" not in fields:
            # Only a reviewer puts something in front of visitors.
            fields += ("is_published",)
        return fields

    def _draft_of(self, obj):
        return Draft.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id=str(obj.pk),
        ).first()

    def _makes_draft(self, request, obj):
        if getattr(request, "_content_apply_draft", False) or obj is None:
            return False
        if not getattr(obj, "is_published", False):
            return False  # not live yet: it is a draft already
        return DRAFT_BUTTON in request.POST or not self.can_publish(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and self._makes_draft(
            request, self.get_object(request, object_id)
        ):
            # No revision: a draft is not a version of the live item.
            return super(VersionAdmin, self).change_view(
                request, object_id, form_url, extra_context
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if object_id else None
        if request.method != "POST" or not self._makes_draft(request, obj):
            return super().changeform_view(request, object_id, form_url, extra_context)
        before = _queued(request)
        try:
            with transaction.atomic():
                response = super().changeform_view(
                    request, object_id, form_url, extra_context
                )
                if response.status_code != 302:
                    return response  # the form's errors, nothing saved
                raise _Rollback
        except _Rollback:
            _forget_messages(request, keep=before)
        data = {
            k: request.POST.getlist(k)
            for k in request.POST
            if k != "csrfmiddlewaretoken"
        }
        Draft.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id=str(obj.pk),
            defaults={"data": data, "author": request.user},
        )
        messages.success(
            request,
            _(
                "Saved as a draft. Visitors still see the published version "
                "until a reviewer publishes the draft."
            ),
        )
        return redirect(request.path)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["draft"] = self._draft_of(obj) if obj is not None else None
        context["draft_token"] = _draft_token(context["draft"])
        context["can_publish"] = self.can_publish(request)
        context["draft_button"] = DRAFT_BUTTON
        context["languages"] = _languages()
        context["has_page"] = obj is not None and hasattr(obj, "get_absolute_url")
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    # --- Replaying a draft ----------------------------------------------------

    def _apply(self, request, obj, draft):
        """Save ``draft`` to the live row through the admin form; returns the
        admin's response (a redirect when it was saved)."""
        replay = copy.copy(request)
        replay.method = "POST"
        # Set FILES too, or reading it would parse the real body into POST.
        replay._files = MultiValueDict()
        replay.POST = QueryDict(mutable=True)
        for key, values in draft.data.items():
            replay.POST.setlist(key, values)
        replay.POST.pop(DRAFT_BUTTON, None)
        # Drafts exist only for published items, and a draft never
        # unpublishes (an editor's form has no such box to tick).
        replay.POST["is_published"] = "on"
        replay._content_apply_draft = True
        replay._dont_enforce_csrf_checks = True  # this view's own POST was checked
        return self.change_view(replay, str(obj.pk))

    def draft_preview_view(self, request, object_id):
        obj = get_object_or_404(self.model, pk=object_id)
        draft = self._draft_of(obj)
        if not self.has_view_or_change_permission(request, obj) or draft is None:
            raise PermissionDenied
        if not hasattr(obj, "get_absolute_url"):
            raise Http404  # shown on no page of its own (e.g. a helpline)
        lang = request.GET.get("lang") or translation.get_language()
        if lang not in dict(_languages()):
            lang = translation.get_language()
        before = _queued(request)
        try:
            with transaction.atomic():
                applied = self._apply(request, obj, draft)
                _forget_messages(request, keep=before)
                if applied.status_code != 302:
                    return applied  # it cannot be applied as it is: say why
                obj.refresh_from_db()
                response = _render_public(request, obj, lang)
                raise _Rollback
        except _Rollback:
            pass
        return response

    def delete_model(self, request, obj):
        draft = self._draft_of(obj)
        super().delete_model(request, obj)
        if draft is not None:
            draft.delete()

    def draft_publish_view(self, request, object_id):
        obj = get_object_or_404(self.model, pk=object_id)
        draft = self._draft_of(obj)
        if draft is None or not self.can_publish(request):
            raise PermissionDenied
        author = draft.author.get_username() if draft.author else "—"
        with reversion.create_revision():
            reversion.set_user(request.user)
            response = self._apply(request, obj, draft)
            reversion.set_comment(
                _("Published the draft by %(author)s, saved on %(date)s.")
                % {
                    "author": author,
                    "date": localize(template_localtime(draft.saved_at)),
                }
            )
        if response.status_code == 302:
            draft.delete()
        return response

    def draft_discard_view(self, request, object_id):
        obj = get_object_or_404(self.model, pk=object_id)
        draft = self._draft_of(obj)
        if draft is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        draft.delete()
        messages.success(request, _("The draft was discarded."))
        return redirect("../../change/")


def _languages():
    return settings.LANGUAGES


def _render_public(request, obj, lang):
    """The item's public page in ``lang``, as a signed-in staff member sees it."""
    with translation.override(lang):
        url = obj.get_absolute_url().split("#")[0]
        match = resolve(url)
        page = copy.copy(request)
        page.method = "GET"
        page.GET = QueryDict()
        page.POST = QueryDict()
        page.path = page.path_info = url
        page.LANGUAGE_CODE = lang
        response = match.func(page, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
    banner = (
        '<p style="background:#fff3cd;color:#000;padding:.5em 1em;margin:0;'
        'border-bottom:2px solid #000">'
        + escape(_("Preview of a draft: visitors do not see these changes yet."))
        + "</p>"
    )
    response.content = re.sub(
        rb"(<body[^>]*>)",
        lambda m: m.group(1) + banner.encode(),
        response.content,
        count=1,
    )
    return response
