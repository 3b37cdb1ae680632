"""The staff roles every installation has, defined here once.

After every ``migrate`` the groups are brought in line with this list: a
permission added to a role in a new release reaches every installation, and
a group's permissions never drift from what the code says.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from modules.content.registry import CONTENT_MODELS
from modules.surveys.models import Survey, SurveyChoice, SurveyQuestion

# Program content kept in the surveys app, edited by the same editors.
SURVEY_MODELS = (Survey, SurveyQuestion, SurveyChoice)

EDIT_ACTIONS = ("add", "change", "delete", "view")


def _content_permissions():
    return [
        f"content.{action}_{model._meta.model_name}"
        for model in CONTENT_MODELS
        for action in EDIT_ACTIONS
    ] + [
        f"surveys.{action}_{model._meta.model_name}"
        for model in SURVEY_MODELS
        for action in EDIT_ACTIONS
    ]


# Clinicians write the counsellors' reply openings; counsellors read them.
REPLY_OPENINGS = [f"messaging.{action}_replyopening" for action in EDIT_ACTIONS]

# Each role, with its permissions as "app_label.codename"; None means all.
ROLES = {
    "Editors": lambda: _content_permissions() + REPLY_OPENINGS,
    # Reviewers edit like editors and also publish drafts (issue 13).
    "Reviewers": lambda: [
        *_content_permissions(),
        *REPLY_OPENINGS,
        "content.publish_content",
    ],
    "Translators": lambda: ["content.translate_content"],
    "Researchers": lambda: [
        "staff.view_dashboard",
        "surveys.view_results",
        "surveys.review_text",
    ],
    "Counsellors": lambda: [
        "messaging.answer_messages",
        "messaging.view_replyopening",
    ],
    "Administrators": lambda: None,
}


def permissions_for(names):
    if names is None:
        return Permission.objects.all()
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = [
        p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _app, codename in wanted}
        )
        if (p.content_type.app_label, p.codename) in wanted
    ]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise LookupError(f"Unknown permissions for a role: {sorted(missing)}")
    return found


def sync_roles(using="default", **kwargs):
    """Create each role's group and give it exactly its permissions."""
    # Django creates each app's permissions after that app's migrations; the
    # roles need all of them now.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for name, permissions in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions_for(permissions()))
