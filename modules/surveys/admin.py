"""Surveys in the clinicians' editor, beside the program: a survey page holds
its questions, each with its choices, inline and reordered by dragging.
Saving announces the change as content's editor does, so the catalogues are
brought up to date. Researchers review written answers here."""

from typing import ClassVar

import nested_admin
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from modules.content.admin import AnnouncesChanges
from modules.content.history import HistoryAdmin
from modules.surveys.models import (
    Survey,
    SurveyChoice,
    SurveyQuestion,
    WrittenAnswer,
)


class SurveyChoiceInline(nested_admin.NestedTabularInline):
    model = SurveyChoice
    extra = 0
    sortable_field_name = "position"
    fields = ("text", "key", "is_improvement", "position")


class SurveyQuestionInline(nested_admin.NestedStackedInline):
    model = SurveyQuestion
    extra = 0
    sortable_field_name = "position"
    inlines = (SurveyChoiceInline,)
    fieldsets = (
        (None, {"fields": ("text", ("key", "input"), "help_text", "position")}),
        (_("Ratings"), {"fields": (("min_label", "max_label"),)}),
        (_("Answering"), {"fields": ("is_optional", "prefer_not_to_say", "show_if")}),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "show_if":
            # Only this survey's choices make sense in a skip rule.
            survey_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = SurveyChoice.objects.filter(
                question__survey_id=survey_id or 0
            ).select_related("question")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Survey)
class SurveyAdmin(AnnouncesChanges, HistoryAdmin, nested_admin.NestedModelAdmin):
    list_display = ("title", "slug", "offer_at", "track", "is_published")
    list_filter = ("is_published", "offer_at")
    search_fields = ("title", "intro")
    prepopulated_fields: ClassVar[dict[str, tuple[str, ...]]] = {"slug": ("title",)}
    fields = (
        "title",
        "slug",
        "intro",
        "consent",
        "stored",
        "thanks",
        "allows_free_text",
        ("track", "offer_at"),
        "is_published",
    )
    inlines = (SurveyQuestionInline,)
    save_on_top = True


@admin.register(WrittenAnswer)
class WrittenAnswerAdmin(admin.ModelAdmin):
    """Only written answers, and only their text: a researcher reads each,
    removes any identifying detail, and marks it reviewed for export."""

    list_display = ("text", "question", "language", "is_reviewed")
    list_filter = ("is_reviewed", "question__survey", "language")
    fields = ("question", "language", "text", "is_reviewed")
    readonly_fields = ("question", "language")

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(text="")

    def has_add_permission(self, request):
        return False

    def _may_review(self, request):
        return request.user.has_perm("surveys.review_text")

    def has_view_permission(self, request, obj=None):
        return self._may_review(request)

    def has_change_permission(self, request, obj=None):
        return self._may_review(request)

    def has_delete_permission(self, request, obj=None):
        return self._may_review(request)

    def has_module_permission(self, request):
        return self._may_review(request)
