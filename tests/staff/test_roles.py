"""Staff roles: each group (Editors, Translators, Researchers, Administrators)
can do its own work and nothing more; administrators see the audit log."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from modules.content.models import Step
from tests.helpers import edit_step, member_of, sign_in_staff


@pytest.mark.django_db
def test_each_role_can_do_its_work_and_nothing_more(program_loaded):
    step = Step.objects.first()
    urls = {
        "edit program": f"/admin/content/step/{step.pk}/change/",
        "add stage": "/admin/content/stage/add/",
        "translate": "/admin/translations/fi/",
        "dashboard": "/admin/dashboard/",
        "dashboard csv": "/admin/dashboard.csv",
        "users": "/admin/auth/user/",
        "devices": "/admin/otp_totp/totpdevice/",
        "audit log": "/admin/admin/logentry/",
    }
    allowed = {
        "Editors": {"edit program", "add stage"},
        "Translators": {"translate"},
        "Researchers": {"dashboard", "dashboard csv"},
        "Administrators": set(urls),
    }
    for group, can in allowed.items():
        client = sign_in_staff(Client(), member_of(group))
        assert client.get("/admin/").status_code == 200, group
        for name, url in urls.items():
            status = client.get(url).status_code
            if name in can:
                assert status == 200, (group, name, status)
            else:
                assert status in (302, 403), (group, name, status)
    # Researchers only read: they cannot change anything even by posting.
    researcher = sign_in_staff(Client(), member_of("Researchers", "r2"))
    assert (
        researcher.post(
            f"/admin/content/step/{step.pk}/change/", {"title": "x"}
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_translators_can_translate_but_not_edit_the_program(
    client, program, locale_copy
):
    sign_in_staff(client, member_of("Translators"))
    step = Step.objects.filter(stage__track=program).first()
    assert client.get("/admin/translations/").status_code == 200
    assert client.get("/admin/translations/es/").status_code == 200
    assert client.get(f"/admin/content/step/{step.pk}/change/").status_code == 403
    assert (
        client.post(
            f"/admin/content/step/{step.pk}/change/", {"title": "Hacked"}
        ).status_code
        == 403
    )
    assert client.get("/admin/content/stage/add/").status_code == 403
    step.refresh_from_db()
    assert step.title != "Hacked"


@pytest.mark.django_db
def test_editors_can_edit_the_program_but_not_translations(client, program):
    sign_in_staff(client, member_of("Editors"))
    step = Step.objects.filter(stage__track=program).first()
    assert client.get(f"/admin/content/step/{step.pk}/change/").status_code == 200
    assert client.get("/admin/translations/").status_code == 403


@pytest.mark.django_db
def test_administrators_see_the_audit_log_of_changes(
    admin_client, program, locale_copy
):
    step = Step.objects.get(stage__track=program, slug="self-check")
    edit_step(admin_client, step, title="Audited title")
    assert LogEntry.objects.filter(object_id=str(step.pk)).exists()
    log = admin_client.get("/admin/admin/logentry/").content.decode()
    assert "Audited title" in log
    assert "clinician" in log
    editor = sign_in_staff(Client(), member_of("Editors"))
    assert editor.get("/admin/admin/logentry/").status_code == 403
