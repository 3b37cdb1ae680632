from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from modules.messaging.models import Conversation


def _text_field(label):
    limit = settings.MESSAGING_MAX_CHARS
    return forms.CharField(
        label=label,
        max_length=limit,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Write your message first."),
            "max_length": ngettext_lazy(
                "A message can be at most %(limit_value)d character long "
                "(this one has %(show_value)d). Please shorten it, or send it "
                "in two parts.",
                "A message can be at most %(limit_value)d characters long "
                "(this one has %(show_value)d). Please shorten it, or send it "
                "in two parts.",
                "limit_value",
            ),
        },
    )


class MessageForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, not at import: the limit is a setting.
        self.fields["text"] = _text_field(_("Your message"))


class ReplyForm(forms.Form):
    seen = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"] = _text_field(_("Your reply"))


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note (only staff see it)"),
        max_length=settings.MESSAGING_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Conversation.REASONS)


class UnlockForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Team passphrase"), widget=forms.PasswordInput, max_length=1000
    )


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(label=_("Your display name"), max_length=60)
