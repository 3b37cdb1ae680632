"""The clinicians' editor: the whole program in Django's admin.

Stages list their steps; a step page holds its questions, each with its
choices and motivation prompts, all inline and reordered by dragging.
Saving any content announces the change, and the translations app brings
the catalogues up to date, so a changed English text shows up at once as
"needs review" for translators.
"""

from typing import ClassVar

import nested_admin
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from modules.content.drafts import DraftsAdmin
from modules.content.forms import (
    GuardsSaves,
    KeyedForm,
    NormalisesText,
    OrderedFormSet,
)
from modules.content.history import HistoryAdmin, OwnRevisions, StepRevisions
from modules.content.kinds import DEFAULT_INPUT, check_questions
from modules.content.markdown import safe_markdown
from modules.content.models import (
    Choice,
    GlossaryTerm,
    Helpline,
    HelplineContact,
    MotivationPrompt,
    Page,
    Question,
    Stage,
    Step,
    Track,
)
from modules.content.models.resources import PAGE_IS_PROTECTED
from modules.content.safety import LAST_OF_ITS_KIND, is_last_of_its_kind
from modules.content.signals import content_changed


class AnnouncesChanges:
    """After an edit is saved or deleted, say so (translations listen, and
    bring every language's content.po up to date)."""

    def _announce_change(self):
        content_changed.send(sender=self.model)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._announce_change()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._announce_change()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self._announce_change()


def markdown_preview(text):
    html = safe_markdown(text)
    if not html:
        return "-"
    return format_html('<div class="markdown-preview">{}</div>', html)


# --- Inlines -------------------------------------------------------------------


class ChoiceInline(NormalisesText, nested_admin.NestedTabularInline):
    model = Choice
    form = KeyedForm
    formset = OrderedFormSet
    extra = 0
    sortable_field_name = "position"
    fields = ("text", "key", "feedback", "is_correct", "position")


def _step_id(match):
    """The step a step page is about (django-reversion's "restore" page
    passes it positionally)."""
    if match is None:
        return None
    if "object_id" in match.kwargs:
        return match.kwargs["object_id"]
    if match.url_name and match.url_name.endswith("_revision") and match.args:
        return match.args[0]
    return None


class PromptInline(NormalisesText, nested_admin.NestedStackedInline):
    model = MotivationPrompt
    fk_name = "question"
    formset = OrderedFormSet
    extra = 0
    sortable_field_name = "position"
    fields = (("rule", "value", "choice"), "message", "position")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "choice":
            step_id = _step_id(request.resolver_match)
            kwargs["queryset"] = (
                Choice.objects.filter(question__step_id=step_id)
                if step_id
                else Choice.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class QuestionFormSet(OrderedFormSet):
    def clean(self):
        super().clean()
        check_questions(self.instance, self)


class QuestionInline(NormalisesText, nested_admin.NestedStackedInline):
    model = Question
    form = KeyedForm
    formset = QuestionFormSet
    extra = 0
    sortable_field_name = "position"
    inlines = (ChoiceInline, PromptInline)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            # A new question starts as what the step's kind shows.
            formset.form.base_fields["input"].initial = DEFAULT_INPUT[obj.kind]
        return formset

    fieldsets = (
        (None, {"fields": ("text", ("key", "input"), "help_text", "position")}),
        (_("Ratings"), {"fields": (("min_label", "max_label"),)}),
        (_("More"), {"fields": ("allow_other", "max_choices", "plan_heading")}),
    )


class StepInline(NormalisesText, nested_admin.NestedTabularInline):
    model = Step
    formset = OrderedFormSet
    extra = 0
    sortable_field_name = "position"
    fields = ("title", "slug", "kind", "is_published", "position")
    show_change_link = True


class StageInline(NormalisesText, nested_admin.NestedTabularInline):
    model = Stage
    formset = OrderedFormSet
    extra = 0
    sortable_field_name = "position"
    fields = ("title", "slug", "is_published", "position")
    show_change_link = True


# --- The program -----------------------------------------------------------------


@admin.register(Track)
class TrackAdmin(
    DraftsAdmin,
    AnnouncesChanges,
    GuardsSaves,
    OwnRevisions,
    HistoryAdmin,
    nested_admin.NestedModelAdmin,
):
    list_display = ("title", "slug", "is_published", "position")
    list_editable = ("is_published",)
    search_fields = ("title", "tagline", "description")
    list_filter = ("is_published",)
    prepopulated_fields: ClassVar[dict[str, tuple[str, ...]]] = {"slug": ("title",)}
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
    inlines = (StageInline,)

    @admin.display(description=_("preview"))
    def description_preview(self, obj):
        return markdown_preview(obj.description)


@admin.register(Stage)
class StageAdmin(
    DraftsAdmin,
    AnnouncesChanges,
    GuardsSaves,
    OwnRevisions,
    HistoryAdmin,
    nested_admin.NestedModelAdmin,
):
    list_display = ("title", "track", "position", "is_published")
    list_filter = ("track", "is_published")
    search_fields = ("title", "intro", "closing")
    prepopulated_fields: ClassVar[dict[str, tuple[str, ...]]] = {"slug": ("title",)}
    fields = (
        "track",
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
    inlines = (StepInline,)

    @admin.display(description=_("preview of the introduction"))
    def intro_preview(self, obj):
        return markdown_preview(obj.intro)

    @admin.display(description=_("preview of the closing words"))
    def closing_preview(self, obj):
        return markdown_preview(obj.closing)


@admin.register(Step)
class StepAdmin(
    DraftsAdmin,
    AnnouncesChanges,
    GuardsSaves,
    StepRevisions,
    HistoryAdmin,
    nested_admin.NestedModelAdmin,
):
    list_display = (
        "title",
        "kind",
        "stage",
        "stage_track",
        "position",
        "is_published",
    )
    list_filter = ("stage__track", "kind", "is_published", "stage")
    search_fields = ("title", "body", "questions__text")
    list_select_related = ("stage__track",)
    prepopulated_fields: ClassVar[dict[str, tuple[str, ...]]] = {"slug": ("title",)}
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
    inlines = (QuestionInline,)
    save_on_top = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "stage":
            kwargs["queryset"] = Stage.objects.select_related("track")
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            # Two tracks can have stages of the same name: say whose.
            field.label_from_instance = lambda stage: f"{stage.track}: {stage}"
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("track"), ordering="stage__track")
    def stage_track(self, obj):
        return obj.stage.track

    @admin.display(description=_("preview"))
    def body_preview(self, obj):
        return markdown_preview(obj.body)


@admin.register(MotivationPrompt)
class MotivationPromptAdmin(
    AnnouncesChanges, GuardsSaves, HistoryAdmin, admin.ModelAdmin
):
    """All prompts in one list; the urge diary's prompts (no question) live here only."""

    list_display = ("__str__", "question", "short_message")
    list_filter = (("question", admin.EmptyFieldListFilter), "rule")
    search_fields = ("message", "question__text")
    raw_id_fields = ("question", "choice")

    @admin.display(description=_("message"))
    def short_message(self, obj):
        return (obj.message[:80] + "…") if len(obj.message) > 80 else obj.message


@admin.register(Page)
class PageAdmin(
    DraftsAdmin, AnnouncesChanges, GuardsSaves, HistoryAdmin, admin.ModelAdmin
):
    list_display = ("title", "slug", "is_published")
    search_fields = ("title", "body")
    list_filter = ("is_published",)
    fields = ("title", "slug", "body", "body_preview", "is_published")
    readonly_fields = ("body_preview",)

    def get_fields(self, request, obj=None):
        if obj is not None and obj.is_protected:
            return ("safety_note", *self.fields)
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_protected:
            # Shown, not editable: the crisis tool finds these pages by
            # address and must never meet an unpublished one.
            extra = ("safety_note", "slug", "is_published")
            return (*fields, *(f for f in extra if f not in fields))
        return fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_protected:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("why some fields are locked"))
    def safety_note(self, obj):
        return PAGE_IS_PROTECTED

    @admin.display(description=_("preview"))
    def body_preview(self, obj):
        return markdown_preview(obj.body)


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(
    DraftsAdmin, AnnouncesChanges, GuardsSaves, HistoryAdmin, admin.ModelAdmin
):
    list_display = ("term", "slug", "is_published")
    search_fields = ("term", "definition")
    list_filter = ("is_published",)
    prepopulated_fields: ClassVar[dict[str, tuple[str, ...]]] = {"slug": ("term",)}


class HelplineContactInline(admin.TabularInline):
    """Numbers and addresses: stored once, for every language."""

    model = HelplineContact
    fields = ("kind", "value", "dial", "language", "note", "position")
    extra = 1


@admin.register(Helpline)
class HelplineAdmin(
    DraftsAdmin, AnnouncesChanges, GuardsSaves, HistoryAdmin, admin.ModelAdmin
):
    list_display = (
        "name",
        "kind",
        "countries",
        "languages",
        "checked_on",
        "is_published",
    )
    list_filter = ("kind", "is_published", "is_anonymous")
    search_fields = ("name", "contacts__value", "countries", "offers")
    inlines = (HelplineContactInline,)
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "is_published", "position")}),
        (_("Who it is for"), {"fields": ("countries", "languages", "offers")}),
        (_("Contact"), {"fields": ("hours", "anonymity", "is_anonymous")}),
        (_("Where it comes from"), {"fields": ("source", "source_date", "checked_on")}),
    )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None or not is_last_of_its_kind(obj):
            return form

        class KeepsTheLastLine(form):
            def clean(self):
                cleaned = super().clean()
                published = cleaned.get("is_published", obj.is_published)
                if not published or cleaned.get("kind", obj.kind) != obj.kind:
                    raise ValidationError(LAST_OF_ITS_KIND, code="last_of_its_kind")
                return cleaned

        return KeepsTheLastLine

    def has_delete_permission(self, request, obj=None):
        if obj is not None and is_last_of_its_kind(obj):
            return False
        return super().has_delete_permission(request, obj)
