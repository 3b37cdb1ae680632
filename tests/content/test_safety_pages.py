"""The crisis tool ("I might act right now") cannot be taken away: its
pages cannot be unpublished, emptied, renamed or deleted."""

import pytest
from django.core.exceptions import ValidationError

from modules.content.models import Helpline, Page
from tests.helpers import form_data


@pytest.mark.django_db
def test_the_admin_locks_the_crisis_pages_and_says_why(
    admin_client, program, locale_copy
):
    page = Page.objects.get(slug="act-now")
    url = f"/admin/content/page/{page.pk}/change/"
    html = admin_client.get(url).content.decode()
    assert "people open in a crisis" in html
    data = form_data(html, "page_form")
    assert "slug" not in data
    assert "is_published" not in data
    # A crafted request cannot unpublish or move it either.
    data.update(slug=["gone"], body=["Calmer words."])
    data.pop("is_published", None)
    assert admin_client.post(url, data).status_code == 302
    page.refresh_from_db()
    assert (page.slug, page.is_published, page.body) == (
        "act-now",
        True,
        "Calmer words.",
    )
    data["body"] = ["   "]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert "Delete" not in admin_client.get(url).content.decode()
    assert (
        admin_client.post(f"/admin/content/page/{page.pk}/delete/").status_code == 403
    )
    response = admin_client.post(
        "/admin/content/page/",
        {"action": "delete_selected", "_selected_action": [page.pk], "post": "yes"},
    )
    assert Page.objects.filter(slug="act-now").exists()
    response = admin_client.get("/en/act-now/")
    assert "Calmer words." in response.content.decode()


@pytest.mark.django_db
def test_other_pages_can_still_be_unpublished(admin_client, program, locale_copy):
    page = Page.objects.get(slug="about-program")
    url = f"/admin/content/page/{page.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "page_form")
    data.pop("is_published")
    assert admin_client.post(url, data).status_code == 302
    page.refresh_from_db()
    assert not page.is_published


@pytest.mark.django_db
@pytest.mark.parametrize("slug", Page.PROTECTED_SLUGS)
def test_the_model_refuses_to_take_a_crisis_page_away(program, slug):
    page = Page.objects.get(slug=slug)
    page.is_published = False
    with pytest.raises(ValidationError):
        page.save()
    page = Page.objects.get(slug=slug)
    page.slug = "elsewhere"
    with pytest.raises(ValidationError):
        page.save()
    with pytest.raises(ValidationError):
        Page.objects.get(slug=slug).delete()


@pytest.mark.django_db
def test_the_last_crisis_line_cannot_be_taken_away(admin_client, program, locale_copy):
    crisis = list(Helpline.objects.published().filter(kind="crisis"))
    for extra in crisis[1:]:
        extra.is_published = False
        extra.save()
    last = crisis[0]
    url = f"/admin/content/helpline/{last.pk}/change/"
    data = form_data(admin_client.get(url).content.decode(), "helpline_form")
    data.pop("is_published")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "last published helpline of its kind" in response.content.decode()
    data["is_published"] = ["on"]
    data["kind"] = ["reporting"]
    assert admin_client.post(url, data).status_code == 200
    assert (
        admin_client.post(f"/admin/content/helpline/{last.pk}/delete/").status_code
        == 403
    )
    last.refresh_from_db()
    assert (last.is_published, last.kind) == (True, "crisis")
    assert last.name in admin_client.get("/en/help/").content.decode()
    # With a second line published, the first can be unpublished again.
    crisis[1].is_published = True
    crisis[1].save()
    data = form_data(admin_client.get(url).content.decode(), "helpline_form")
    data.pop("is_published")
    assert admin_client.post(url, data).status_code == 302
