"""Form pieces every content editor shares."""

from django import forms

from modules.content.models.base import KEY_IS_FIXED
from modules.content.text import normalise_text, same_text


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
