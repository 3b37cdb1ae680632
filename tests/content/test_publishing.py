"""Drafts and publishing: an editor's change to published content is a
draft visitors do not see; staff preview it; a reviewer publishes it, and
History says who published it and when."""

import pytest
from django.test import Client
from reversion.models import Version

from modules.content.models import Draft, GlossaryTerm, Helpline, Step
from tests.helpers import form_data, member_of, sign_in_staff, step_path


def reading_step(program):
    return Step.objects.filter(stage__track=program, kind="reading").first()


def save(client, step, **changes):
    url = f"/admin/content/step/{step.pk}/change/"
    data = form_data(client.get(url).content.decode(), "step_form")
    for key, value in changes.items():
        data[key] = [value]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


@pytest.mark.django_db
def test_an_editors_change_is_a_draft_until_a_reviewer_publishes_it(
    program, locale_copy
):
    editor = sign_in_staff(Client(), member_of("Editors"))
    step = reading_step(program)
    live_body = step.body
    change_page = editor.get(f"/admin/content/step/{step.pk}/change/").content.decode()
    assert "kept as a draft" in change_page
    assert 'name="is_published"' not in change_page  # only reviewers publish
    save(editor, step, body="A gentler way to say it.")

    step.refresh_from_db()
    assert step.body == live_body
    visitor = Client()
    page = visitor.get(step_path(step)).content.decode()
    assert "A gentler way to say it." not in page
    assert Draft.objects.count() == 1

    # Staff preview the draft as a visitor would, in any language.
    preview_url = f"/admin/content/step/{step.pk}/draft/preview/"
    preview = editor.get(preview_url, {"lang": "en"}).content.decode()
    assert "A gentler way to say it." in preview
    assert "Preview of a draft" in preview
    assert editor.get(preview_url, {"lang": "fi"}).status_code == 200
    step.refresh_from_db()
    assert step.body == live_body  # the preview changed nothing

    # The editor cannot publish; a reviewer can.
    publish_url = f"/admin/content/step/{step.pk}/draft/publish/"
    assert editor.post(publish_url).status_code == 403
    reviewer = sign_in_staff(Client(), member_of("Reviewers", "reviewer"))
    change_page = reviewer.get(
        f"/admin/content/step/{step.pk}/change/"
    ).content.decode()
    assert "Publish the draft" in change_page
    assert reviewer.post(publish_url).status_code == 302
    step.refresh_from_db()
    assert step.body == "A gentler way to say it."
    assert step.is_published
    assert not Draft.objects.exists()
    assert "A gentler way to say it." in visitor.get(step_path(step)).content.decode()
    history = reviewer.get(f"/admin/content/step/{step.pk}/history/").content.decode()
    assert "Published the draft by" in history
    assert "reviewer" in history


@pytest.mark.django_db
def test_a_draft_from_before_someone_elses_save_is_not_published_blindly(
    program, locale_copy
):
    editor = sign_in_staff(Client(), member_of("Editors"))
    step = reading_step(program)
    save(editor, step, body="The editor's draft.")
    reviewer = sign_in_staff(Client(), member_of("Reviewers", "reviewer"))
    save(reviewer, step, title="A reviewer's direct fix")
    response = reviewer.post(f"/admin/content/step/{step.pk}/draft/publish/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this item after you opened it" in html
    assert "The editor&#x27;s draft." in html
    step.refresh_from_db()
    assert step.title == "A reviewer's direct fix"
    assert step.body != "The editor's draft."


@pytest.mark.django_db
def test_an_editors_new_item_stays_unpublished(program, locale_copy):
    editor = sign_in_staff(Client(), member_of("Editors"))
    stage = reading_step(program).stage
    url = "/admin/content/step/add/"
    data = form_data(editor.get(url).content.decode(), "step_form")
    assert "is_published" not in data
    data.update(
        stage=[str(stage.pk)],
        title=["Brand new"],
        slug=["brand-new"],
        kind=["reading"],
        body=["Words."],
        position=["40"],
        is_published=["on"],
    )
    assert editor.post(url, data).status_code == 302
    assert not Step.objects.get(slug="brand-new").is_published


@pytest.mark.django_db
def test_a_waiting_draft_is_never_replaced_unseen(program, locale_copy):
    step = reading_step(program)
    url = f"/admin/content/step/{step.pk}/change/"
    second = sign_in_staff(Client(), member_of("Editors", "second"))
    opened_before = form_data(second.get(url).content.decode(), "step_form")
    first = sign_in_staff(Client(), member_of("Editors", "first"))
    save(first, step, body="The first editor's draft.")

    opened_before["body"] = ["The second editor's words."]
    response = second.post(url, opened_before)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone saved a draft of this item after you opened it" in html
    assert "The second editor&#x27;s words." in html
    assert Draft.objects.get().data["body"] == ["The first editor's draft."]
    # Having seen the waiting draft, the second editor may replace it.
    assert second.post(url, form_data(html, "step_form")).status_code == 302
    assert Draft.objects.get().data["body"] == ["The second editor's words."]


@pytest.mark.django_db
def test_editors_cannot_take_published_content_away(program, locale_copy):
    editor = sign_in_staff(Client(), member_of("Editors"))
    step = reading_step(program)
    assert (
        editor.post(
            f"/admin/content/step/{step.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    editor.post(
        "/admin/content/step/",
        {"action": "delete_selected", "_selected_action": [step.pk], "post": "yes"},
    )
    assert Step.objects.filter(pk=step.pk).exists()
    listing = editor.get("/admin/content/track/").content.decode()
    data = form_data(listing, "changelist-form")
    data.pop("form-0-is_published", None)
    data["_save"] = ["Save"]
    editor.post("/admin/content/track/", data)
    program.refresh_from_db()
    assert program.is_published


@pytest.mark.django_db
def test_drafts_of_a_glossary_term_and_a_helpline(program, locale_copy):
    editor = sign_in_staff(Client(), member_of("Editors"))
    term = GlossaryTerm.objects.filter(is_published=True).first()
    url = f"/admin/content/glossaryterm/{term.pk}/change/"
    data = form_data(editor.get(url).content.decode(), "glossaryterm_form")
    data["definition"] = ["A clearer definition, in draft."]
    assert editor.post(url, data).status_code == 302
    preview = editor.get(f"/admin/content/glossaryterm/{term.pk}/draft/preview/")
    assert "A clearer definition, in draft." in preview.content.decode()
    helpline = Helpline.objects.filter(is_published=True).first()
    url = f"/admin/content/helpline/{helpline.pk}/change/"
    data = form_data(editor.get(url).content.decode(), "helpline_form")
    data["hours"] = ["Every day, 9 to 5."]
    assert editor.post(url, data).status_code == 302
    assert "Preview the draft" not in editor.get(url).content.decode()
    assert (
        editor.get(f"/admin/content/helpline/{helpline.pk}/draft/preview/").status_code
        == 404
    )
    helpline.refresh_from_db()
    assert helpline.hours != "Every day, 9 to 5."


@pytest.mark.django_db
def test_stage_and_track_pages_mark_drafts_in_staff_preview(program, locale_copy):
    editor = sign_in_staff(Client(), member_of("Editors"))
    step = reading_step(program)
    save(editor, step, body="Draft words.")
    hidden = step.stage.steps.exclude(pk=step.pk).first()
    hidden.is_published = False
    hidden.save()
    stage_url = f"/en/program/{program.slug}/{step.stage.slug}/"
    staff_view = editor.get(stage_url).content.decode()
    assert "Changes waiting for review" in staff_view
    assert 'badge--draft">Draft</span>' in staff_view
    stage = step.stage
    url = f"/admin/content/stage/{stage.pk}/change/"
    data = form_data(editor.get(url).content.decode(), "stage_form")
    data["intro"] = ["A draft introduction."]
    assert editor.post(url, data).status_code == 302
    assert (
        "Changes waiting for review"
        in editor.get(f"/en/program/{program.slug}/").content.decode()
    )
    visitor = Client()
    assert "Changes waiting for review" not in visitor.get(stage_url).content.decode()
    assert (
        "Changes waiting"
        not in visitor.get(f"/en/program/{program.slug}/").content.decode()
    )


@pytest.mark.django_db
def test_restoring_a_published_item_is_a_reviewers_call(program, locale_copy):
    step = reading_step(program)
    reviewer = sign_in_staff(Client(), member_of("Reviewers", "reviewer"))
    save(reviewer, step, body="The reviewer's published words.")
    editor = sign_in_staff(Client(), member_of("Editors"))
    oldest = Version.objects.get_for_object(step).order_by("pk").first()
    url = f"/admin/content/step/{step.pk}/history/{oldest.pk}/"
    data = form_data(editor.get(url).content.decode(), "step_form")
    response = editor.post(url, data, follow=True)
    assert "a reviewer does that" in response.content.decode()
    step.refresh_from_db()
    assert step.body == "The reviewer's published words."
    data = form_data(reviewer.get(url).content.decode(), "step_form")
    assert reviewer.post(url, data).status_code == 302
    step.refresh_from_db()
    assert step.body != "The reviewer's published words."
