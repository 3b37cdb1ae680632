"""The clinicians' editor: the whole program in Django's admin.

Stages list their steps; a step page holds its questions, each with its
choices and motivation prompts, all inline and reordered by dragging.
Saving any content brings the translation catalogues up to date, so a
changed English text shows up at once as "needs review" for translators.
"""

import difflib

import nested_admin
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from modules import content_i18n
from modules.models import (
    Choice,
    GlossaryTerm,
    Helpline,
    MotivationPrompt,
    Page,
    Program,
    Question,
    Stage,
    Step,
)
from modules.rendering import render_markdown
from selfhelp.admin import LogEntryAdmin


class ExportsTranslations:
    """After content changes, update every language's content.po."""

    def _export_later(self):
        transaction.on_commit(content_i18n.export_all)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._export_later()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._export_later()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self._export_later()


class HistoryAdmin(VersionAdmin):
    """Revision history with "compare with now" and "restore" for each version."""

    object_history_template = "admin/history_with_compare.html"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/history/<int:version_id>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{info[0]}_{info[1]}_compare",
            ),
        ] + super().get_urls()

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
        return TemplateResponse(request, "admin/compare_version.html", context)


def markdown_preview(text):
    html = render_markdown(text or "")
    if not html:
        return "-"
    return format_html('<div class="markdown-preview">{}</div>', mark_safe(html))


class PublishedFilterMixin:
    list_filter = ("is_published",)


# --- Inlines -------------------------------------------------------------------


class ChoiceInline(nested_admin.NestedTabularInline):
    model = Choice
    extra = 0
    sortable_field_name = "position"
    fields = ("text", "key", "feedback", "is_correct", "position")


class PromptInline(nested_admin.NestedStackedInline):
    model = MotivationPrompt
    fk_name = "question"
    extra = 0
    sortable_field_name = "position"
    fields = (("rule", "value", "choice"), "message", "position")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "choice":
            step_id = (
                request.resolver_match.kwargs.get("object_id")
                if request.resolver_match
                else None
            )
            kwargs["queryset"] = (
                Choice.objects.filter(question__step_id=step_id)
                if step_id
                else Choice.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class QuestionInline(nested_admin.NestedStackedInline):
    model = Question
    extra = 0
    sortable_field_name = "position"
    inlines = [ChoiceInline, PromptInline]
    fieldsets = (
        (None, {"fields": ("text", ("key", "input"), "help_text", "position")}),
        (_("Ratings"), {"fields": (("min_label", "max_label"),)}),
        (_("More"), {"fields": ("allow_other", "plan_heading")}),
    )


class StepInline(nested_admin.NestedTabularInline):
    model = Step
    extra = 0
    sortable_field_name = "position"
    fields = ("title", "slug", "kind", "is_published", "position")
    show_change_link = True


class StageInline(nested_admin.NestedTabularInline):
    model = Stage
    extra = 0
    sortable_field_name = "position"
    fields = ("title", "slug", "is_published", "position")
    show_change_link = True


# --- The program -----------------------------------------------------------------


@admin.register(Program)
class ProgramAdmin(ExportsTranslations, HistoryAdmin, nested_admin.NestedModelAdmin):
    list_display = ("title", "slug", "is_published", "position")
    list_editable = ("is_published",)
    search_fields = ("title", "tagline", "description")
    list_filter = ("is_published",)
    prepopulated_fields = {"slug": ("title",)}
    fields = (
        "title",
        "slug",
        "tagline",
        "description",
        "description_preview",
        "is_published",
        "position",
    )
    readonly_fields = ("description_preview",)
    inlines = [StageInline]

    @admin.display(description=_("preview"))
    def description_preview(self, obj):
        return markdown_preview(obj.description)


@admin.register(Stage)
class StageAdmin(ExportsTranslations, HistoryAdmin, nested_admin.NestedModelAdmin):
    list_display = ("title", "program", "position", "is_published")
    list_filter = ("program", "is_published")
    search_fields = ("title", "intro", "closing")
    prepopulated_fields = {"slug": ("title",)}
    fields = (
        "program",
        "title",
        "slug",
        "intro",
        "intro_preview",
        "closing",
        "closing_preview",
        "is_published",
        "position",
    )
    readonly_fields = ("intro_preview", "closing_preview")
    inlines = [StepInline]

    @admin.display(description=_("preview of the introduction"))
    def intro_preview(self, obj):
        return markdown_preview(obj.intro)

    @admin.display(description=_("preview of the closing words"))
    def closing_preview(self, obj):
        return markdown_preview(obj.closing)


@admin.register(Step)
class StepAdmin(ExportsTranslations, HistoryAdmin, nested_admin.NestedModelAdmin):
    list_display = (
        "title",
        "kind",
        "stage",
        "stage_program",
        "position",
        "is_published",
    )
    list_filter = ("stage__program", "kind", "is_published", "stage")
    search_fields = ("title", "body", "questions__text")
    list_select_related = ("stage__program",)
    prepopulated_fields = {"slug": ("title",)}
    fields = (
        "stage",
        "title",
        "slug",
        "kind",
        "body",
        "body_preview",
        "self_check",
        "is_published",
        "position",
    )
    readonly_fields = ("body_preview",)
    inlines = [QuestionInline]
    save_on_top = True

    @admin.display(description=_("track"), ordering="stage__program")
    def stage_program(self, obj):
        return obj.stage.program

    @admin.display(description=_("preview"))
    def body_preview(self, obj):
        return markdown_preview(obj.body)


@admin.register(MotivationPrompt)
class MotivationPromptAdmin(ExportsTranslations, admin.ModelAdmin):
    """All prompts in one list; the urge diary's prompts (no question) live here only."""

    list_display = ("__str__", "question", "short_message")
    list_filter = (("question", admin.EmptyFieldListFilter), "rule")
    search_fields = ("message", "question__text")
    raw_id_fields = ("question", "choice")

    @admin.display(description=_("message"))
    def short_message(self, obj):
        return (obj.message[:80] + "…") if len(obj.message) > 80 else obj.message


@admin.register(Page)
class PageAdmin(ExportsTranslations, HistoryAdmin, admin.ModelAdmin):
    list_display = ("title", "slug", "is_published")
    search_fields = ("title", "body")
    list_filter = ("is_published",)
    fields = ("title", "slug", "body", "body_preview", "is_published")
    readonly_fields = ("body_preview",)

    @admin.display(description=_("preview"))
    def body_preview(self, obj):
        return markdown_preview(obj.body)


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ExportsTranslations, HistoryAdmin, admin.ModelAdmin):
    list_display = ("term", "slug", "is_published")
    search_fields = ("term", "definition")
    list_filter = ("is_published",)
    prepopulated_fields = {"slug": ("term",)}


@admin.register(Helpline)
class HelplineAdmin(ExportsTranslations, HistoryAdmin, admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "countries",
        "languages",
        "checked_on",
        "is_published",
    )
    list_filter = ("kind", "is_published", "is_anonymous")
    search_fields = ("name", "contact", "countries", "offers")
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "is_published", "position")}),
        (_("Who it is for"), {"fields": ("countries", "languages", "offers")}),
        (_("Contact"), {"fields": ("contact", "hours", "anonymity", "is_anonymous")}),
        (_("Where it comes from"), {"fields": ("source", "source_date", "checked_on")}),
    )


admin.site.register(LogEntry, LogEntryAdmin)
