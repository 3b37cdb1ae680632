# Reply openings become program content translated in content.po: one
# English source with a stable key instead of a row per language.

import uuid

from django.db import migrations, models


def give_keys(apps, schema_editor):
    ReplyOpening = apps.get_model("messaging", "ReplyOpening")
    for opening in ReplyOpening.objects.all():
        opening.uuid = uuid.uuid4()
        opening.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0002_tables_without_rowid"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="replyopening",
            options={
                "ordering": ("order", "title"),
                "verbose_name": "reply opening",
                "verbose_name_plural": "reply openings",
            },
        ),
        migrations.RemoveField(model_name="replyopening", name="language"),
        migrations.AddField(
            model_name="replyopening",
            name="uuid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="replyopening",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                unique=True,
                verbose_name="translation key",
            ),
        ),
    ]
