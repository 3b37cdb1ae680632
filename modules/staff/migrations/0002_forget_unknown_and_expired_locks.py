"""Sign-in locks are now kept only for existing accounts, keyed on the
account's own (NFKC-normalised) username, and deleted once they have expired.
Forget the rows the old code left: one for every name ever tried, one for
each Unicode spelling of a real name, and expired locks."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def forget_unknown_and_expired(apps, schema_editor):
    Lock = apps.get_model("staff", "StaffSignInLock")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    usernames = User._default_manager.values("username")
    Lock.objects.exclude(username__in=usernames).delete()
    Lock.objects.filter(locked_until__lte=timezone.now()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(forget_unknown_and_expired, migrations.RunPython.noop),
    ]
