"""Helplines' numbers and addresses move out of the translated ``contact``
text into rows of their own, so a correction reaches every language at once.

The old text was free Markdown; the numbers, e-mail and web addresses found in
it become contact rows (with the same keys ``loadprogram`` gives them, so a
later load corrects them in place instead of adding a second set). Editors
should look over each helpline once after upgrading.
"""

import re
import uuid

import django.db.models.deletion
from django.db import migrations, models

# The loader's namespace (modules/content/loader.py), copied: a migration must
# not import code that may change after it was written.
NAMESPACE = uuid.UUID("6f1d0a52-5a7c-4c1e-9d3b-2f0f7e1c9a10")

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
WEB = re.compile(r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?:/[^\s\"')]*)?", re.I)
PHONE = re.compile(r"\+?\d[\d .\-()]{1,}\d|\b\d{3}\b|\b1\.\d{3}\.[A-Z]+\b")


def contacts_from_text(text):
    """``(kind, value)`` for each e-mail, web address and number in ``text``."""
    found = []
    for line in text.splitlines():
        rest = line
        for match in EMAIL.finditer(line):
            found.append(("email", match.group()))
            rest = rest.replace(match.group(), " ")
        for match in WEB.finditer(rest):
            found.append(("web", match.group().rstrip(".")))
            rest = rest.replace(match.group(), " ")
        for match in PHONE.finditer(rest):
            found.append(("phone", match.group().strip(" .-(")))
    return found


def move_contacts(apps, schema_editor):
    Helpline = apps.get_model("content", "Helpline")
    HelplineContact = apps.get_model("content", "HelplineContact")
    for helpline in Helpline.objects.all():
        for position, (kind, value) in enumerate(contacts_from_text(helpline.contact)):
            HelplineContact.objects.create(
                uuid=uuid.uuid5(NAMESPACE, f"helpline-contact/{helpline.slug}/{position}"),
                helpline=helpline,
                kind=kind,
                value=value[:300],
                position=position,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0002_prompt_rules_compare_with_first_answer"),
    ]

    operations = [
        migrations.CreateModel(
            name="HelplineContact",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="translation key")),
                ("position", models.PositiveIntegerField(default=0, verbose_name="position")),
                ("kind", models.CharField(choices=[("phone", "phone"), ("text", "text message"), ("email", "e-mail"), ("web", "web address"), ("chat", "chat (web address)")], max_length=10, verbose_name="kind")),
                ("value", models.CharField(help_text="Exactly as the service writes it, e.g. '0808 1000 900'.", max_length=300, verbose_name="number or address")),
                ("dial", models.CharField(blank=True, help_text="Only if the number is written with letters or extra words: the digits a phone dials, e.g. '18887738368' for '1.888.PREVENT'.", max_length=40, verbose_name="digits to dial")),
                ("language", models.CharField(blank=True, help_text="Two-letter code, if this line answers in one language only.", max_length=10, verbose_name="language")),
                ("note", models.CharField(blank=True, help_text="A few words shown beside it, e.g. 'free from the UK'. Translated: no numbers or addresses here.", max_length=300, verbose_name="note")),
                ("helpline", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="contacts", to="content.helpline", verbose_name="helpline")),
            ],
            options={
                "verbose_name": "contact detail",
                "verbose_name_plural": "contact details",
                "ordering": ["helpline", "position", "id"],
            },
        ),
        migrations.RunPython(move_contacts, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="helpline",
            name="contact",
        ),
    ]
