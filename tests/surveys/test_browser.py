"""The standalone survey in a real Chromium with JavaScript off (Tor
Browser's "Safest" level), at phone size."""

import pytest
from django.core.management import call_command

from modules.surveys.models import Answer
from modules.translations import live

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_first_contact_survey_answered_in_finnish_without_javascript(
    no_js_page, program
):
    call_command("loadsurveys", verbosity=0)
    call_command("mergecatalogues", verbosity=0)  # as make setup does after loading
    live.expire()
    page = no_js_page
    page.goto(f"{page.base_url}/fi/survey/first-contact/")
    assert page.locator("h2#stored-heading").inner_text() == (
        "Mitä tallennetaan, tarkalleen"
    )
    page.get_by_label("Haluan lopettaa").check()
    page.get_by_label("Olen siitä huolissani").check()
    page.locator("input[name=q_tried_to_stop][value=yes]").check()
    page.locator("input[name=q_wants_help][value='8']").check()
    page.get_by_role("button", name="Lähetä vastaukseni").click()
    assert page.url.endswith("/fi/survey/first-contact/thanks/")
    assert "Kiitos. Vastauksesi on lähetetty." in page.content()
    # Nothing on the way remembered this browser.
    assert page.context.cookies() == []
    stored = {
        a.question.key: (a.choices, a.rating)
        for a in Answer.objects.select_related("question")
    }
    assert stored == {
        "feelings": (["want_to_stop", "worried"], None),
        "tried_to_stop": (["yes"], None),
        "wants_help": ([], 8),
    }
