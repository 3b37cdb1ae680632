"""Two editors, one item: a save made from a form opened before someone
else's save is refused, both versions are shown, and the text is kept."""

import pytest

from modules.content.models import Page, Step
from tests.helpers import edit_step, form_data


@pytest.mark.django_db
def test_an_older_forms_save_is_refused_and_its_text_kept(
    admin_client, program, locale_copy
):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    url = f"/admin/content/step/{step.pk}/change/"
    mine = form_data(admin_client.get(url).content.decode(), "step_form")
    assert mine["stored_version"][0]
    edit_step(admin_client, step, body="A colleague's careful words.")

    mine["body"] = ["My own wording, typed for an hour."]
    response = admin_client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this item after you opened it" in html
    assert "A colleague&#x27;s careful words." in html  # what is saved now
    assert "My own wording, typed for an hour." in html  # kept in the form
    step.refresh_from_db()
    assert step.body == "A colleague's careful words."

    # Having seen both, the editor saves again: now it is saved.
    again = form_data(html, "step_form")
    assert admin_client.post(url, again).status_code == 302
    step.refresh_from_db()
    assert step.body == "My own wording, typed for an hour."


@pytest.mark.django_db
def test_a_question_saved_meanwhile_also_counts(admin_client, program, locale_copy):
    step = Step.objects.filter(stage__track=program, kind="checklist").first()
    url = f"/admin/content/step/{step.pk}/change/"
    mine = form_data(admin_client.get(url).content.decode(), "step_form")
    theirs = form_data(admin_client.get(url).content.decode(), "step_form")
    theirs["questions-0-text"] = ["A colleague's clearer question?"]
    assert admin_client.post(url, theirs).status_code == 302
    mine["title"] = ["My new title"]
    assert admin_client.post(url, mine).status_code == 200
    step.refresh_from_db()
    assert step.title != "My new title"
    assert step.questions.first().text == "A colleague's clearer question?"


@pytest.mark.django_db
def test_a_page_form_guards_too(admin_client, program, locale_copy):
    page = Page.objects.get(slug="about-program")
    url = f"/admin/content/page/{page.pk}/change/"
    first = form_data(admin_client.get(url).content.decode(), "page_form")
    second = dict(first)
    first["title"] = ["First editor's title"]
    second["title"] = ["Second editor's title"]
    assert admin_client.post(url, first).status_code == 302
    assert admin_client.post(url, second).status_code == 200
    page.refresh_from_db()
    assert page.title == "First editor's title"
