"""The get-help tools must never be empty: "Get help now" and the last part
of "I might act right now" list the published helplines of these kinds, so
the last published one of each cannot be unpublished, moved to another kind
or deleted (a correction, or a new line first, is always possible)."""

from django.utils.translation import gettext_lazy as _

from modules.content.models import Helpline

ESSENTIAL_KINDS = (Helpline.Kind.CRISIS, Helpline.Kind.PREVENTION)

LAST_OF_ITS_KIND = _(
    "This is the last published helpline of its kind, and people in crisis "
    "are shown it on 'Get help now' and 'I might act right now'. Publish "
    "another one of this kind first; then this one can be unpublished, moved "
    "or deleted."
)


def is_last_of_its_kind(helpline):
    """Whether ``helpline`` (as stored) is the only published line of an
    essential kind."""
    if not helpline.pk:
        return False
    stored = Helpline.objects.filter(pk=helpline.pk).first()
    if stored is None or not stored.is_published or stored.kind not in ESSENTIAL_KINDS:
        return False
    others = Helpline.objects.published().filter(kind=stored.kind).exclude(pk=stored.pk)
    return not others.exists()
