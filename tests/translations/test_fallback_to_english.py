"""What a visitor reads when a translation is missing or a catalogue is broken:
the English text, marked with its language, never an error page."""

import pytest

from modules.content.models import Step
from modules.translations import files, sync
from tests.helpers import fi_translate, sign_in_staff, step_path


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
def test_a_corrupted_catalogue_falls_back_to_english_and_tells_the_admin(
    client, program, locale_copy, staff_user
):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    assert '<span lang="en">' not in client.get(step_path(step, "fi")).content.decode()
    files.mo_path("fi").write_bytes(b"\xde\x12\x04\x95 this is not a catalogue" * 3)
    html = client.get(step_path(step, "fi")).content.decode()
    assert f'<span lang="en">{step.title}</span>' in html
    sign_in_staff(client, staff_user)
    overview = client.get("/admin/translations/").content.decode()
    assert "catalogue cannot be read" in overview
    # A broken .po too: still no error page, and the admin says so.
    files.po_path("fi").write_text("garbage, not a catalogue\n", encoding="utf-8")
    assert client.get("/admin/translations/").status_code == 200
    assert client.get("/admin/translations/fi/").status_code == 302
    # Updating the catalogues rebuilds it (keeping the broken file aside).
    assert client.post("/admin/translations/export/").status_code == 302
    assert files.po_path("fi").with_suffix(".po.broken").exists()
    assert files.catalogue_problem("fi") is None
