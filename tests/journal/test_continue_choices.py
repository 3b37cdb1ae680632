"""Continuing with a code never throws away, unasked, what this browser
already holds: the visitor chooses to keep it, take the saved answers, or
merge both. A mistyped code is shown back so it can be corrected."""

import re

import pytest
from django.test import Client

from modules.content.models import Step
from tests.helpers import CODE_RE, LANGUAGES, answers_for, save_code, step_path

pytestmark = [pytest.mark.django_db, pytest.mark.database]


def two_browsers(program):
    """One browser's answers saved under a code; another browser with its own
    unsaved answer to a different step."""
    steps = list(Step.objects.filter(stage__track=program, kind="reflection")[:2])
    saved = Client()
    saved.post(step_path(steps[0]), answers_for(steps[0], marker="saved-one"))
    code = save_code(saved)
    here = Client()
    here.post(step_path(steps[1]), answers_for(steps[1], marker="here-one"))
    return code, here, steps


def summary(client, step):
    url = f"/en/program/{step.stage.track.slug}/{step.stage.slug}/summary/"
    return client.get(url).content.decode()


def test_continuing_asks_before_replacing_this_browsers_answers(client, program):
    code, here, steps = two_browsers(program)
    response = here.post("/en/continue/", {"code": code})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="choice" value="merge"' in html
    assert 'name="choice" value="saved"' in html
    assert 'name="choice" value="keep"' in html
    assert f'value="{code}"' in html  # typed once, not again
    # Nothing has changed yet.
    assert "here-one" in summary(here, steps[1])


def test_merge_keeps_both_and_the_code_opens_both(client, program):
    code, here, steps = two_browsers(program)
    assert (
        here.post("/en/continue/", {"code": code, "choice": "merge"}).status_code == 302
    )
    for client_ in (here, Client()):
        if client_ is not here:
            client_.post("/en/continue/", {"code": code})
        assert "saved-one" in summary(client_, steps[0])
        assert "here-one" in summary(client_, steps[1])


def test_take_saved_and_keep_do_what_they_say(client, program):
    code, here, steps = two_browsers(program)
    here.post("/en/continue/", {"code": code, "choice": "keep"})
    assert "here-one" in summary(here, steps[1])
    assert "saved-one" not in summary(here, steps[0])
    here.post("/en/continue/", {"code": code, "choice": "saved"})
    assert "saved-one" in summary(here, steps[0])
    assert "here-one" not in summary(here, steps[1])


def test_a_browser_with_nothing_yet_is_not_asked(client, program):
    code, _here, steps = two_browsers(program)
    assert client.post("/en/continue/", {"code": code}).status_code == 302
    assert "saved-one" in summary(client, steps[0])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_mistyped_code_is_shown_back(client, lang):
    typed = "ABCD-EFGH-1234-567"
    html = client.post(f"/{lang}/continue/", {"code": typed}).content.decode()
    assert f'value="{typed}"' in html


def test_reloading_the_code_page_shows_the_same_code(client, program):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    client.post(step_path(step), answers_for(step))
    html = client.get("/en/save/").content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    first = client.post("/en/save/", {"form_token": token}).content.decode()
    code = CODE_RE.search(first).group(1)
    # The browser's reload sends the same form again.
    again = client.post("/en/save/", {"form_token": token}).content.decode()
    assert CODE_RE.search(again).group(1) == code
    assert Client().post("/en/continue/", {"code": code}).status_code == 302
    # The note is this browser's only, and encrypted: the code is not in it.
    note = client.cookies["shown_code"]
    assert code not in note.value
    assert note["httponly"]
    assert note["path"] == "/en/save/"
    # A new form (a new visit to the page) gives a new code.
    html = client.get("/en/save/").content.decode()
    other = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    newer = client.post("/en/save/", {"form_token": other}).content.decode()
    assert CODE_RE.search(newer).group(1) != code
