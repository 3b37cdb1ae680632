"""What every piece of program content shares.

Every row has a stable ``uuid``: with the model and field name it makes the
key (gettext ``msgctxt``) of the row's text in ``locale/<lang>/content.po``
(see ``modules/translations/``). The English text in these rows is the source.
"""

import uuid

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
