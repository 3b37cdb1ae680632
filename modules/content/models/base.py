"""What every piece of program content shares.

Every row has a stable ``uuid``: with the model and field name it makes the
key (gettext ``msgctxt``) of the row's text in ``locale/<lang>/content.po``
(see ``modules/translations/``). The English text in these rows is the source.
"""

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from modules.content.text import normalise_text

MARKDOWN_HELP = _(
    "Markdown: a blank line starts a new paragraph, *stars* give emphasis, "
    "lines starting with '- ' make a list."
)


def markdown_help(text):
    """A field's help text followed by the Markdown reminder."""
    return format_lazy("{} {}", text, MARKDOWN_HELP)


KEY_IS_FIXED = _(
    "Visitors' answers are kept under this key, so it cannot be changed once "
    "saved: a new key would hide every answer given so far. To ask something "
    "different, add a new question or choice and remove this one."
)


class Translatable(models.Model):
    """A row whose text fields are translated in content.po."""

    uuid = models.UUIDField(
        _("translation key"), default=uuid.uuid4, unique=True, editable=False
    )

    # Fields whose text is translated, in the order translators see them.
    translatable_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Every way in (admin, loader, shell) stores one spelling of
        # whitespace, so none of them marks translations "needs review".
        self.normalise_translatable_text()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.normalise_translatable_text()

    def normalise_translatable_text(self):
        for field in self.translatable_fields:
            setattr(self, field, normalise_text(getattr(self, field)))

    def translation_context(self, field):
        return f"{self._meta.model_name}:{self.uuid}:{field}"

    def catalogue_entries(self, where):
        """``(context, source text, where)`` for each non-empty translatable
        field: what this row gives the content catalogue, whichever app keeps
        it (``where`` names it for translators, in English)."""
        for field in self.translatable_fields:
            text = getattr(self, field) or ""
            if text.strip():
                yield self.translation_context(field), text, f"{where} ({field})"


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible(self, *, preview):
        """Published rows, or every row for staff previewing drafts."""
        return self.all() if preview else self.published()


class Publishable(Translatable):
    """Content that visitors see only once it is published."""

    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Visitors see only published content. Staff can preview drafts."),
    )

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True


class Ordered(models.Model):
    """Rows that clinicians put in order (by dragging, or typing a number)."""

    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        abstract = True


class Keyed(models.Model):
    """Rows whose ``key`` names a visitor's answer in their encrypted journal."""

    key = models.SlugField(
        _("key"),
        max_length=50,
        help_text=_("A short name, unique within its step or question."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Visitors' answers are stored (encrypted) under this key: a new key
        # would hide every answer given so far, so it never changes.
        if self.key_was_changed():
            raise ValidationError(KEY_IS_FIXED, code="key_is_fixed")
        super().save(*args, **kwargs)
        self._stored_key = self.key

    def clean(self):
        super().clean()
        if self.key_was_changed():
            raise ValidationError({"key": KEY_IS_FIXED}, code="key_is_fixed")

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._stored_key = obj.__dict__.get("key")
        return obj

    def key_was_changed(self):
        stored = getattr(self, "_stored_key", None)
        return bool(self.pk) and stored is not None and stored != self.key


class UpstreamItem(models.Model):
    """What the default program last installed for one item (by its uuid):
    a digest of the upstream fields, so an upgrade can tell a clinician's
    change (local differs from this) from the release's (upstream differs)."""

    uuid = models.UUIDField(unique=True)
    digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("installed item")
        verbose_name_plural = _("installed items")

    def __str__(self):
        return str(self.uuid)


class Draft(models.Model):
    """Unpublished changes to a published item (as Wagtail keeps a page's
    draft beside its live version): the editor's submitted form, kept until
    a reviewer publishes it. Visitors keep seeing the published row."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE
    )
    object_id = models.CharField(max_length=64)
    data = models.JSONField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL
    )
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = (
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_draft_per_item"
            ),
        )
        permissions: ClassVar[list[tuple[str, str]]] = [
            ("publish_content", _("Can publish changes to the program's content")),
        ]

    def __str__(self):
        return f"{self.content_type}: {self.object_id}"
