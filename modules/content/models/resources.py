"""Program content outside the tracks: pages, the glossary and helplines."""

import re
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modules.content.models.base import (
    MARKDOWN_HELP,
    Ordered,
    Publishable,
    Translatable,
)

PAGE_IS_PROTECTED = _(
    "This page is part of 'I might act right now', which people open in a "
    "crisis. It must always be there at the same address, so it cannot be "
    "unpublished, emptied, renamed or deleted. Its text can be improved."
)


class Page(Publishable):
    """A page of clinician-written text outside the tracks."""

    # The crisis tool's pages (see journey's act_now view): found by slug,
    # and a visitor in crisis must never meet an empty page.
    PROTECTED_SLUGS = ("act-now", "act-now-eased", "act-now-still")

    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=MARKDOWN_HELP)
    translatable_fields = ("title", "body")

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering: ClassVar[list[str]] = ["slug"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.protection_broken():
            raise ValidationError(PAGE_IS_PROTECTED, code="protected")
        super().save(*args, **kwargs)
        self._stored_slug = self.slug

    def delete(self, *args, **kwargs):
        if self.is_protected:
            raise ValidationError(PAGE_IS_PROTECTED, code="protected")
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.protection_broken():
            raise ValidationError(PAGE_IS_PROTECTED, code="protected")

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._stored_slug = obj.__dict__.get("slug")
        return obj

    @property
    def is_protected(self):
        return getattr(self, "_stored_slug", self.slug) in self.PROTECTED_SLUGS

    def protection_broken(self):
        """Whether this save would take a crisis page away or empty it."""
        if not self.is_protected:
            return False
        stored = getattr(self, "_stored_slug", None)
        if stored is not None and stored != self.slug:
            return True
        if self.pk is None:
            return False
        return not (self.is_published and self.title.strip() and self.body.strip())

    def get_absolute_url(self):
        return reverse("journey:page", kwargs={"slug": self.slug})


class GlossaryTerm(Publishable):
    slug = models.SlugField(_("slug"), unique=True)
    term = models.CharField(_("term"), max_length=200)
    definition = models.TextField(_("definition"), help_text=MARKDOWN_HELP)
    translatable_fields = ("term", "definition")

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering: ClassVar[list[str]] = ["term"]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("journey:glossary") + f"#{self.slug}"


class Helpline(Ordered, Publishable):
    class Kind(models.TextChoices):
        PREVENTION = (
            "prevention",
            _("For people worried about their sexual thoughts or CSAM use"),
        )
        CRISIS = "crisis", _("Suicide and mental-health crisis")
        REPORTING = "reporting", _("Reporting child sexual abuse material")

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    countries = models.CharField(
        _("countries"),
        max_length=200,
        blank=True,
        help_text=_(
            "Two-letter country codes separated by commas, e.g. 'FI' or 'GB,IE'. Leave empty for an international service."
        ),
    )
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_(
            "Two-letter codes of the languages it answers in, e.g. 'fi,sv'. Empty if the source does not say."
        ),
    )
    offers = models.TextField(_("what it offers"), blank=True)
    hours = models.CharField(_("opening hours"), max_length=300, blank=True)
    anonymity = models.TextField(
        _("anonymity"),
        blank=True,
        help_text=_(
            "What the service says about anonymity and its limits, e.g. when it must report."
        ),
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    source = models.CharField(
        _("source"),
        max_length=1000,
        help_text=_("The page(s) the contact details were read on."),
    )
    source_date = models.CharField(_("date of the source"), max_length=20, blank=True)
    checked_on = models.DateField(
        _("last checked"),
        help_text=_("The day someone last checked the details against the source."),
    )
    translatable_fields = ("offers", "hours", "anonymity")

    class Meta:
        verbose_name = _("helpline")
        verbose_name_plural = _("helplines")
        ordering: ClassVar[list[str]] = ["kind", "position", "name"]

    def __str__(self):
        return self.name

    @property
    def country_list(self):
        return [c.strip().upper() for c in self.countries.split(",") if c.strip()]

    @property
    def language_list(self):
        return [c.strip().lower() for c in self.languages.split(",") if c.strip()]

    @property
    def source_list(self):
        return [s.strip() for s in self.source.split(";") if s.strip()]


# Letters on a phone's keypad, for numbers written in words ("1.888.PREVENT").
_KEYPAD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "22233344455566677778889999")


class HelplineContact(Ordered, Translatable):
    """One way to reach a helpline: a number, an address. Facts, not text: they
    are stored once, untranslated, so a correction reaches every language at
    once; only the short note beside them is translated."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("phone")
        TEXT = "text", _("text message")
        EMAIL = "email", _("e-mail")
        WEB = "web", _("web address")
        CHAT = "chat", _("chat (web address)")

    helpline = models.ForeignKey(
        Helpline,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("helpline"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(
        _("number or address"),
        max_length=300,
        help_text=_("Exactly as the service writes it, e.g. '0808 1000 900'."),
    )
    dial = models.CharField(
        _("digits to dial"),
        max_length=40,
        blank=True,
        help_text=_(
            "Only if the number is written with letters or extra words: the "
            "digits a phone dials, e.g. '18887738368' for '1.888.PREVENT'."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("Two-letter code, if this line answers in one language only."),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_(
            "A few words shown beside it, e.g. 'free from the UK'. Translated: "
            "no numbers or addresses here."
        ),
    )
    translatable_fields = ("note",)

    class Meta:
        verbose_name = _("contact detail")
        verbose_name_plural = _("contact details")
        ordering: ClassVar[list[str]] = ["helpline", "position", "id"]

    def __str__(self):
        return self.value

    @property
    def href(self):
        """The link a tap follows (``tel:``, ``sms:``, ``mailto:``), or "" for
        a web address, which is shown as text (see ``content.markdown``)."""
        if self.kind in (self.Kind.PHONE, self.Kind.TEXT):
            digits = re.sub(
                r"[^0-9+]", "", (self.dial or self.value).upper().translate(_KEYPAD)
            )
            scheme = "tel" if self.kind == self.Kind.PHONE else "sms"
            return f"{scheme}:{digits}" if digits else ""
        if self.kind == self.Kind.EMAIL:
            return f"mailto:{self.value.strip()}"
        return ""

    @property
    def web_url(self):
        """A web address with its scheme, for the link policy's check."""
        value = self.value.strip()
        return value if "://" in value else f"https://{value}"
