"""`manage.py upgradeprogram` brings a new release into a live site: new
items arrive as drafts, the release's changes are offered in each item's
History, and nothing a clinician changed or withdrew is touched."""

import io
import re
import shutil

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from reversion.models import Version

from modules.content.loader import PROGRAM_DIR
from modules.content.models import Helpline, Stage, Step
from tests.helpers import edit_step, form_data, step_path

STAGE_FILE = "stop/02-why-change.yaml"


def new_release(tmp_path):
    """A copy of the program in which the release changed one stage's steps."""
    target = tmp_path / "program"
    shutil.copytree(PROGRAM_DIR, target)
    path = target / STAGE_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    steps = {s["slug"]: s for s in data["steps"]}
    steps["a-real-child"]["body"] = "The release rewrote this text."
    steps["values-and-use"]["title"] = "Values, and what use does to them"
    steps["three-points-of-view"]["body"] = "A withdrawn step, rewritten upstream."
    data["steps"].append(
        {"slug": "brand-new", "kind": "reading", "title": "A new step", "body": "New."}
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    helplines = target / "helplines.yaml"
    rows = yaml.safe_load(helplines.read_text(encoding="utf-8"))
    first = rows[0]["contacts"][0]
    kind = next(k for k in ("phone", "text", "email", "web", "chat") if k in first)
    first[kind] = "0800 000 000"
    helplines.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    return target


def step(program, slug):
    return Step.objects.get(stage__track=program, stage__slug="why-change", slug=slug)


@pytest.mark.django_db
def test_upgrade_keeps_every_local_edit_and_offers_the_release_as_drafts(
    admin_client, program, locale_copy, tmp_path
):
    edited = step(program, "a-real-child")
    edit_step(admin_client, edited, body="A clinician's careful rewrite.")
    withdrawn = step(program, "three-points-of-view")
    url = f"/admin/content/step/{withdrawn.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "step_form")
    data.pop("is_published")
    assert admin_client.post(url, data).status_code == 302
    deleted = step(program, "my-reasons")
    assert (
        admin_client.post(
            f"/admin/content/step/{deleted.pk}/delete/", {"post": "yes"}
        ).status_code
        == 302
    )
    helpline = Helpline.objects.get(slug="stop-it-now-uk")
    url = f"/admin/content/helpline/{helpline.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "helpline_form")
    data["contacts-0-value"] = ["0808 1000 999"]
    assert admin_client.post(url, data).status_code == 302
    untouched = step(program, "values-and-use")
    old_title = untouched.title

    out = io.StringIO()
    call_command("upgradeprogram", directory=str(new_release(tmp_path)), stdout=out)
    report = out.getvalue()

    edited.refresh_from_db()
    helpline.refresh_from_db()
    untouched.refresh_from_db()
    assert edited.body == "A clinician's careful rewrite."
    assert helpline.contacts.order_by("position").first().value == "0808 1000 999"
    assert untouched.title == old_title  # offered, not applied
    assert not Step.objects.get(pk=withdrawn.pk).is_published
    assert not Step.objects.filter(stage__slug="why-change", slug="my-reasons").exists()
    new = step(program, "brand-new")
    assert not new.is_published
    assert Client().get(step_path(new)).status_code == 404  # visitors
    assert "+ step “A new step”" in report
    assert f"~ step “{old_title}”" in report
    assert f"~ step “{edited.title}”" in report
    assert "~ helpline" in report
    assert "Withdrawn here and left out: 2" in report
    assert f"= step “{edited.title}”" in report
    assert "= helpline" in report
    # The release's catalogues are merged in by the same command.
    assert "fi/content:" in report
    assert "staff translations kept" in report

    # The release's version waits in the item's History, to compare and restore.
    history = admin_client.get(
        f"/admin/content/step/{untouched.pk}/history/"
    ).content.decode()
    assert "Proposed by the new release" in history
    proposal = Version.objects.get_for_object(untouched).first()
    compare = admin_client.get(
        f"/admin/content/step/{untouched.pk}/history/{proposal.pk}/compare/"
    ).content.decode()
    assert "<ins>" in compare
    assert "does" in compare
    url = f"/admin/content/step/{untouched.pk}/history/{proposal.pk}/"
    data = form_data(admin_client.get(url).content.decode(), "step_form")
    assert admin_client.post(url, data).status_code == 302
    untouched.refresh_from_db()
    assert untouched.title == "Values, and what use does to them"
    edited.refresh_from_db()
    assert edited.body == "A clinician's careful rewrite."


@pytest.mark.django_db
def test_upgrade_with_the_same_release_changes_nothing(program, tmp_path):
    stages = list(Stage.objects.values_list("title", "intro", "is_published"))
    versions = Version.objects.count()
    out = io.StringIO()
    call_command("upgradeprogram", stdout=out)
    assert list(Stage.objects.values_list("title", "intro", "is_published")) == stages
    assert Version.objects.count() == versions
    assert re.search(r"New items, added as unpublished drafts: 0", out.getvalue())
    assert "offered as a proposal in the item's History: 0" in out.getvalue()
