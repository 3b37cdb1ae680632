"""Every kind of program content is registered once, in
``modules/content/registry.py``, and everything that must happen for every
kind follows from that list."""

import pytest
import reversion
from django.contrib import admin
from django.contrib.auth.models import Group

from modules.content import cache
from modules.content.registry import CONTENT_MODELS
from modules.translations import sync


def edited_in_the_admin():
    """Models with an admin page, or edited inline on another's (nested)."""
    models, inlines = set(admin.site._registry), []
    for model_admin in admin.site._registry.values():
        inlines += model_admin.inlines
    while inlines:
        inline = inlines.pop()
        models.add(inline.model)
        inlines += getattr(inline, "inlines", [])
    return models


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_each_content_model_has_history_an_editor_and_is_in_the_editors_role(model, db):
    assert reversion.is_registered(model)
    assert model in edited_in_the_admin()
    editors = Group.objects.get(name="Editors")
    codename = f"change_{model._meta.model_name}"
    assert editors.permissions.filter(codename=codename).exists()


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_each_content_model_with_text_reaches_the_translators(model, program):
    row = model.objects.exclude(**{model.translatable_fields[0]: ""}).first()
    assert row is not None, f"the default program has no {model.__name__}"
    contexts = {context for context, _text, _where in sync.content_entries()}
    field = model.translatable_fields[0]
    assert row.translation_context(field) in contexts


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m.__name__)
def test_saving_any_content_clears_the_content_cache(model, program):

    cache.store(("probe",), "cached")
    assert cache.peek(("probe",)) == "cached"
    row = model.objects.first()
    row.save()
    assert cache.peek(("probe",)) is None
