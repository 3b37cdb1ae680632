"""The clinicians' side: two-factor sign-in, roles, history, dashboard, audit."""

import csv
import datetime
import io
import re
from importlib import reload

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import clear_url_caches
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from modules.content.models import Step
from modules.staff.models import StaffSignInLock
from tests.conftest import member_of, sign_in_staff
from tests.helpers import answers_for, form_data, step_path, visible_text

PASSWORD = "a long pass phrase 123"


def current_code(device):
    return str(
        totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    ).zfill(device.digits)


@pytest.fixture
def enrolled(db):
    user = User.objects.create_user(
        "editor1", password=PASSWORD, is_staff=True, is_superuser=True
    )
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device


def sign_in(client, username, password, token=""):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "otp_token": token},
    )


# --- Signing in ---------------------------------------------------------------------


@pytest.mark.django_db
def test_password_alone_is_not_enough(client, enrolled):
    response = sign_in(client, "editor1", PASSWORD)
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert client.get("/admin/").status_code == 302  # still asked to sign in


@pytest.mark.django_db
def test_password_and_authenticator_code_sign_in(client, enrolled):
    _user, device = enrolled
    response = sign_in(client, "editor1", PASSWORD, current_code(device))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_backup_code_works_once(client, enrolled):
    user, _device = enrolled
    backup = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    backup.token_set.create(token="abcd1234")
    assert sign_in(client, "editor1", PASSWORD, "abcd1234").status_code == 302
    other = Client()
    assert sign_in(other, "editor1", PASSWORD, "abcd1234").status_code == 200


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_by_username(client, enrolled, settings):
    _user, device = enrolled
    for _ in range(settings.SIGNIN_MAX_FAILURES):
        assert sign_in(client, "editor1", "wrong password here").status_code == 200
    lock = StaffSignInLock.objects.get(username="editor1")
    assert lock.locked_until > timezone.now()
    # Even the right password and code are refused while locked, from any browser.
    response = sign_in(Client(), "editor1", PASSWORD, current_code(device))
    assert response.status_code == 200
    assert "this account is locked" in response.content.decode()
    # Once the lock has passed, signing in works and clears the count.
    StaffSignInLock.objects.update(
        locked_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert (
        sign_in(Client(), "editor1", PASSWORD, current_code(device)).status_code == 302
    )
    assert not StaffSignInLock.objects.filter(username="editor1").exists()
    assert [f.name for f in StaffSignInLock._meta.get_fields()] == [
        "id",
        "username",
        "failures",
        "locked_until",
    ]


@pytest.mark.django_db
def test_idle_staff_session_expires(client, enrolled, settings):
    assert (
        settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_COOKIE_AGE == 30 * 60
    )
    _user, device = enrolled
    sign_in(client, "editor1", PASSWORD, current_code(device))
    assert client.get("/admin/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_passwords_are_hashed_with_argon2():
    from selfhelp import settings as production

    assert (
        production.PASSWORD_HASHERS[0]
        == "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


@pytest.mark.django_db
def test_argon2_hash_is_what_is_stored(settings):
    from selfhelp import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = User.objects.create_user("hashme", password=PASSWORD)
    assert user.password.startswith("argon2$argon2id$")


@pytest.mark.django_db
def test_nothing_about_a_staff_members_browser_is_stored(client, enrolled):
    _user, device = enrolled
    client.post(
        "/admin/login/?next=/admin/",
        {
            "username": "editor1",
            "password": PASSWORD,
            "otp_token": current_code(device),
        },
        HTTP_USER_AGENT="StaffAgent-55821",
        REMOTE_ADDR="192.0.2.55",
        HTTP_X_FORWARDED_FOR="198.51.100.5",
    )
    client.get("/admin/content/step/", HTTP_USER_AGENT="StaffAgent-55821")
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    dump = out.getvalue()
    for marker in ("StaffAgent-55821", "192.0.2.55", "198.51.100.5"):
        assert marker not in dump


@pytest.mark.django_db
def test_createadmin_makes_an_administrator_with_a_second_factor(monkeypatch):
    monkeypatch.setenv("SELFHELP_ADMIN_PASSWORD", "a very good pass phrase 7")
    out = io.StringIO()
    call_command("createadmin", "boss", stdout=out)
    text = out.getvalue()
    user = User.objects.get(username="boss")
    assert user.is_superuser and user.groups.filter(name="Administrators").exists()
    assert "otpauth://totp/" in text
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert StaticDevice.objects.get(user=user).token_set.count() == 10


# --- Where the admin lives -----------------------------------------------------------


class admin_settings:
    """Override admin settings and rebuild the URLs, then put both back."""

    def __init__(self, **overrides):
        from django.test import override_settings

        self.override = override_settings(**overrides)

    @staticmethod
    def _reload():
        import selfhelp.urls

        reload(selfhelp.urls)
        clear_url_caches()

    def __enter__(self):
        self.override.enable()
        self._reload()

    def __exit__(self, *exc):
        self.override.disable()
        self._reload()


@pytest.mark.django_db
def test_admin_is_gone_when_switched_off(client, program_loaded):
    with admin_settings(ADMIN_ENABLED=False):
        assert client.get("/admin/").status_code == 404
        assert client.get("/admin/login/").status_code == 404
        for url in ("/en/", "/en/program/stop/", "/fi/help/", "/en/no-such-page/"):
            assert "/admin" not in client.get(url).content.decode()
    assert client.get("/admin/login/").status_code == 200


@pytest.mark.django_db
def test_admin_path_comes_from_the_settings(client, enrolled):
    with admin_settings(ADMIN_PATH="staff-only-7f3/"):
        assert client.get("/admin/").status_code == 404
        assert client.get("/staff-only-7f3/login/").status_code == 200


# --- Roles ---------------------------------------------------------------------------


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


# --- Revision history ------------------------------------------------------------------


def edit_step(client, step, **changes):
    url = f"/admin/content/step/{step.pk}/change/"
    data = form_data(client.get(url).content.decode(), "step_form")
    for key, value in changes.items():
        data[key] = [value]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.django_db
def test_restore_an_earlier_version_of_a_step(admin_client, program, locale_copy):
    call_command("loadprogram", verbosity=0)  # the first version of every row
    step = Step.objects.get(stage__track=program, slug="self-check")
    original_title = step.title
    edit_step(admin_client, step, title="A clumsy new title")
    edit_step(
        admin_client, step, title="An even worse title", body="Oops, the text is gone."
    )
    history = admin_client.get(
        f"/admin/content/step/{step.pk}/history/"
    ).content.decode()
    assert "clinician" in history
    versions = re.findall(rf"/admin/content/step/{step.pk}/history/(\d+)/", history)
    oldest = sorted(set(versions), key=int)[0]
    compare = admin_client.get(
        f"/admin/content/step/{step.pk}/history/{oldest}/compare/"
    ).content.decode()
    assert original_title in compare and "An even worse title" in compare
    page = admin_client.get(f"/admin/content/step/{step.pk}/history/{oldest}/")
    assert page.status_code == 200
    data = form_data(page.content.decode(), "step_form")
    response = admin_client.post(
        f"/admin/content/step/{step.pk}/history/{oldest}/", data
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.title == original_title
    assert "Oops" not in step.body


@pytest.mark.django_db
def test_deleting_a_step_asks_first_and_can_be_undone(
    admin_client, program, locale_copy
):
    call_command("loadprogram", verbosity=0)
    step = Step.objects.get(stage__track=program, slug="self-check")
    questions = step.questions.count()
    confirm = admin_client.get(f"/admin/content/step/{step.pk}/delete/")
    assert confirm.status_code == 200 and "Are you sure" in confirm.content.decode()
    assert (
        admin_client.post(
            f"/admin/content/step/{step.pk}/delete/", {"post": "yes"}
        ).status_code
        == 302
    )
    assert not Step.objects.filter(pk=step.pk).exists()
    recover = admin_client.get("/admin/content/step/recover/").content.decode()
    version = re.search(r"/admin/content/step/recover/(\d+)/", recover).group(1)
    page = admin_client.get(f"/admin/content/step/recover/{version}/")
    data = form_data(page.content.decode(), "step_form")
    assert (
        admin_client.post(f"/admin/content/step/recover/{version}/", data).status_code
        == 302
    )
    restored = Step.objects.get(stage__track=program, slug="self-check")
    assert restored.questions.count() == questions


# --- The usage dashboard -----------------------------------------------------------------


def dashboard_cells(html, label):
    row = re.search(
        r"<tr class=\"usage-[a-z]+\"><th scope=\"row\">(?:&nbsp;)*(?:<strong>)?"
        + re.escape(label)
        + r"(?:</strong>)?</th>(.*?)</tr>",
        html,
    )
    assert row, label
    return [
        re.sub(r"<[^>]+>", "", cell)
        for cell in re.findall(r"<td>(.*?)</td>", row.group(1))
    ]


@pytest.mark.django_db
def test_dashboard_counts_match_what_visitors_did_with_small_counts_hidden(
    program, admin_client
):
    stage = program.stages.first()
    steps = list(stage.steps.all())
    # Seven visitors finish the first stage; two more only its first step.
    for _ in range(7):
        visitor = Client()
        for step in steps:
            assert visitor.post(step_path(step), answers_for(step)).status_code == 302
        visitor.post("/en/diary/", {"strength": "3"})
    for _ in range(2):
        Client().post(step_path(steps[0]), answers_for(steps[0]))
    saver = Client()
    saver.post(step_path(steps[0]), answers_for(steps[0]))
    saver.post("/en/save/")

    html = admin_client.get("/admin/dashboard/").content.decode()
    first = dashboard_cells(html, steps[0].title)
    assert first[-2:] == ["10", "10"]  # this week, and the total
    assert dashboard_cells(html, steps[-1].title)[-1] == "7"
    assert dashboard_cells(html, f"1. {stage.title}")[-1] == "7"
    assert dashboard_cells(html, program.title)[-1] == "0"
    assert dashboard_cells(html, "Journals saved with a code")[-1] == "fewer than 5"
    assert dashboard_cells(html, "Urge diary entries")[-1] == "7"
    assert "<svg" in html and "<rect" in html

    response = admin_client.get("/admin/dashboard.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][-1] == "Total"
    by_label = {(row[0], row[2]): row[3:] for row in rows[1:]}
    for label in (steps[0].title, steps[-1].title, f"1. {stage.title}", program.title):
        assert by_label[(program.slug, label)] == dashboard_cells(html, label), label
    assert by_label[("", "Journals saved with a code")] == dashboard_cells(
        html, "Journals saved with a code"
    )
    by_label = {row[2]: row[3:] for row in rows[1:]}
    assert "fewer than 5" in by_label["Journals saved with a code"]


# --- Audit -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_administrators_see_the_audit_log_of_changes(
    admin_client, program, locale_copy
):
    step = Step.objects.get(stage__track=program, slug="self-check")
    edit_step(admin_client, step, title="Audited title")
    assert LogEntry.objects.filter(object_id=str(step.pk)).exists()
    log = admin_client.get("/admin/admin/logentry/").content.decode()
    assert "Audited title" in log and "clinician" in log
    editor = sign_in_staff(Client(), member_of("Editors"))
    assert editor.get("/admin/admin/logentry/").status_code == 403


@pytest.mark.django_db
def test_unverified_staff_do_not_see_drafts(client, program):
    step = Step.objects.filter(stage__track=program).first()
    step.is_published = False
    step.save()
    user = User.objects.create_user("half", password=PASSWORD, is_staff=True)
    client.force_login(user)  # password only, no second factor
    assert client.get(step_path(step)).status_code == 404
    assert "Draft" not in visible_text(client.get("/en/program/").content.decode())


def test_bar_chart_does_not_draw_small_counts():
    from modules.journey.charts import bar_chart

    svg = bar_chart(
        [("one", 12), ("two", 3), ("three", 0)], "Stages completed", hide_below=5
    )
    assert svg.count("<rect") == 1
    assert "&lt;5" in svg and ">12<" in svg and ">3<" not in svg
