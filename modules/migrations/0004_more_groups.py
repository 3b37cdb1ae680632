"""Researchers see the anonymous dashboard and nothing else; Administrators
can do everything, including managing staff accounts and their second factors."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def make_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    researchers, _ = Group.objects.get_or_create(name="Researchers")
    researchers.permissions.set(Permission.objects.filter(content_type__app_label="modules", codename="view_dashboard"))

    administrators, _ = Group.objects.get_or_create(name="Administrators")
    administrators.permissions.set(Permission.objects.all())


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Researchers", "Administrators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0003_journal"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(make_groups, remove_groups)]
