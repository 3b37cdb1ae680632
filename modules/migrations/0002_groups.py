"""The staff roles that come with every installation."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODELS = ["program", "stage", "step", "question", "choice", "motivationprompt", "page", "glossaryterm", "helpline"]


def make_groups(apps, schema_editor):
    # Permissions are normally created after migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    translators, _ = Group.objects.get_or_create(name="Translators")
    translators.permissions.set(Permission.objects.filter(content_type__app_label="modules", codename="translate_content"))

    editors, _ = Group.objects.get_or_create(name="Editors")
    codenames = [f"{action}_{model}" for model in EDITOR_MODELS for action in ("add", "change", "delete", "view")]
    editors.permissions.set(Permission.objects.filter(content_type__app_label="modules", codename__in=codenames))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Translators", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0001_content"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(make_groups, remove_groups)]
