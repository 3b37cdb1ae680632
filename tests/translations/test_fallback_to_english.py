"""What a visitor reads when a translation is missing or a catalogue is broken:
the English text, marked with its language, never an error page."""

import pytest

from modules.content import cache as content_cache
from modules.content.models import Step
from modules.translations import files, lookup, sync
from tests.helpers import fi_translate, step_path


@pytest.mark.django_db
def test_visitor_sees_translation_or_english_marked_as_such(
    client, program, locale_copy
):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    fi_translate(step, "title", "Suomenkielinen otsikko")
    html = client.get(step_path(step, "fi")).content.decode()
    assert "<h1>Suomenkielinen otsikko</h1>" in html
    # Spanish has no translation of this title in this copy: English, marked.
    sync.save_translations("es", {step.translation_context("title"): ("", False)})
    html = client.get(step_path(step, "es")).content.decode()
    assert f'<h1><span lang="en">{step.title}</span></h1>' in html


@pytest.mark.django_db
def test_a_corrupted_compiled_catalogue_falls_back_to_english_until_the_next_change(
    client, program, locale_copy
):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    assert '<span lang="en">' not in client.get(step_path(step, "fi")).content.decode()
    files.mo_path("fi").write_bytes(b"\xde\x12\x04\x95 this is not a catalogue" * 3)
    lookup.forget_loaded()
    content_cache.clear()  # the first-visit page rendered before
    html = client.get(step_path(step, "fi")).content.decode()
    assert f'<span lang="en">{step.title}</span>' in html
    # The next change of the catalogue compiles a good file again.
    fi_translate(step, "title", "Korjattu otsikko")
    html = client.get(step_path(step, "fi")).content.decode()
    assert "<h1>Korjattu otsikko</h1>" in html
    assert '<span lang="en">' not in html.split("<main", 1)[1]
