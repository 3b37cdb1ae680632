"""Form pieces every content editor shares."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from nested_admin.formsets import NestedInlineFormSet

from modules.content.models.base import KEY_IS_FIXED
from modules.content.text import normalise_text, same_text
from modules.content.upstream import state_token

SAVED_MEANWHILE = _(
    "Someone else saved this item after you opened it, so your changes were "
    "not saved: saving them would undo theirs. Your text is still in the form "
    "below. Compare it with what is saved now (shown above the form), bring in "
    "what you want to keep, and save again."
)


class NormalisedTextField(forms.CharField):
    """Text whose whitespace is normalised, and which has not changed when
    only its whitespace differs from what is stored."""

    def to_python(self, value):
        return normalise_text(super().to_python(value))

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        return not same_text(initial, self.to_python(data))


class ContentForm(forms.ModelForm):
    """Keeps the stored text of every field the editor did not change, so an
    unchanged save changes nothing (not even a trailing line break)."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            for name, field in self.fields.items():
                if (
                    isinstance(field, NormalisedTextField)
                    and name in cleaned
                    and name not in self.changed_data
                ):
                    cleaned[name] = getattr(self.instance, name)
        return cleaned


class KeyedForm(ContentForm):
    """A question or choice: its key is shown but cannot be edited once saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("key")
        if field is not None and self.instance.pk:
            field.disabled = True
            field.help_text = KEY_IS_FIXED


class VersionField(forms.CharField):
    """Which stored version a form was opened on: never a change itself."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class GuardedForm(ContentForm):
    """An item's own admin form: refuses a save made from a form opened
    before someone else's save (a lost update), keeping the editor's text."""

    stored_version = VersionField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk and not self.is_bound:
            self.initial["stored_version"] = state_token(self.instance)

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        stored = type(self.instance).objects.filter(pk=self.instance.pk).first()
        if stored is None:  # undeleting: nobody else can have saved it
            return cleaned
        now = state_token(stored)
        if cleaned.get("stored_version") != now:
            self.conflict = [
                {
                    "label": field.label,
                    "stored": getattr(stored, name),
                    "yours": self.data.get(self.add_prefix(name), ""),
                }
                for name, field in self.fields.items()
                if name != "stored_version"
                and hasattr(stored, name)
                and not field.disabled
                and field.has_changed(getattr(stored, name), self[name].data)
            ]
            # The next save is made knowing what is stored now.
            self.data = self.data.copy()
            self.data[self.add_prefix("stored_version")] = now
            raise ValidationError(SAVED_MEANWHILE, code="saved_meanwhile")
        return cleaned


class NormalisesText:
    """Admin mixin: translatable fields use NormalisedTextField, and the
    form is a ContentForm."""

    form = ContentForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in getattr(self.model, "translatable_fields", ()):
            kwargs["form_class"] = NormalisedTextField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # An unchanged form saves nothing: no revision, no "needs review".
        if change and not form.has_changed():
            return
        super().save_model(request, obj, form, change)


class GuardsSaves(NormalisesText):
    """ModelAdmin mixin: the item's form refuses lost updates, and the page
    shows what is saved now beside what the editor wrote."""

    form = GuardedForm
    change_form_template = "content/change_form.html"

    def render_change_form(self, request, context, *args, **kwargs):
        form = context.get("adminform")
        conflict = getattr(getattr(form, "form", None), "conflict", None)
        context["saved_meanwhile"] = conflict
        return super().render_change_form(request, context, *args, **kwargs)


class OrderedFormSet(NestedInlineFormSet):
    """Rows are saved in the order of the typed positions, a row whose
    position the editor typed going before an unchanged row with the same
    number (so typing 0 puts a row first), then numbered 0, 1, 2..."""

    def process_forms_pre_save(self, forms):
        field = getattr(self, "sortable_field_name", None)
        if field:
            forms.sort(
                key=lambda form: (
                    getattr(form, "cleaned_data", {}).get(field) or 0,
                    field not in form.changed_data,
                )
            )
        return super().process_forms_pre_save(forms)
