"""Program content: clinician editing in the admin, safe rendering, and
translations kept in content.po."""

import polib
import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from modules.content.markdown import render_markdown
from modules.content.models import (
    Choice,
    MotivationPrompt,
    Page,
    Question,
    Stage,
    Step,
    Track,
)
from modules.translations import files, sync
from tests.conftest import member_of, sign_in_staff
from tests.helpers import form_data, step_path

PAYLOADS = [
    "<script>alert(1)</script>",
    "<style>body{display:none}</style>",
    '<img src="x" onerror="alert(1)">',
    '<iframe src="https://evil.example/"></iframe>',
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
    "![tracker](https://evil.example/pixel.png)",
    '<div style="color:red">styled</div>',
    "<svg onload=alert(1)>",
]


def assert_inert(html):
    """No element or attribute that could run code, style the page or load from elsewhere."""
    from html.parser import HTMLParser

    found = []

    class Inspector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in (
                "script",
                "style",
                "iframe",
                "img",
                "svg",
                "object",
                "embed",
                "frame",
            ):
                found.append(tag)
            for name, value in attrs:
                if name.startswith("on") or name == "style":
                    found.append(f"{tag}[{name}]")
                if (
                    name in ("href", "src", "action")
                    and value
                    and value.strip().lower().startswith(("javascript:", "http", "//"))
                ):
                    found.append(f"{tag}[{name}={value}]")

    Inspector().feed(html)
    assert found == [], found


def fi_translate(obj, field, text, review=False):
    sync.export_all()
    sync.save_translations("fi", {obj.translation_context(field): (text, review)})


def entry(lang, obj, field):
    po = polib.pofile(str(files.po_path(lang)))
    return next(e for e in po if e.msgctxt == obj.translation_context(field))


# --- Rendering ----------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_cannot_inject_script_style_handlers_frames_or_js_links(payload):
    assert_inert(render_markdown(f"Hello\n\n{payload}\n\nworld"))


@pytest.mark.django_db
def test_payloads_in_source_text_and_translation_never_reach_the_page(
    client, program, locale_copy
):
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    step.body = "\n\n".join(PAYLOADS)
    step.save()
    question = step.questions.first()
    question.text = PAYLOADS[0] + " and " + PAYLOADS[2]
    question.save()
    fi_translate(step, "body", "\n\n".join(reversed(PAYLOADS)))
    for lang in ("en", "fi", "es"):
        html = client.get(step_path(step, lang)).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        assert_inert(main)
    page = Page.objects.get(slug="why-stop")
    page.body = "\n\n".join(PAYLOADS)
    page.save()
    html = client.get("/en/pages/why-stop/").content.decode()
    assert_inert(html[html.index("<main") : html.index("</main>")])


# --- What a visitor sees ------------------------------------------------------------


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
def test_draft_is_invisible_to_visitors_and_previewable_by_staff(
    client, program, staff_user
):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    step.is_published = False
    step.save()
    assert client.get(step_path(step)).status_code == 404
    stage_page = client.get(
        f"/en/program/{program.slug}/{step.stage.slug}/"
    ).content.decode()
    assert step.title not in stage_page
    sign_in_staff(client, staff_user)
    html = client.get(step_path(step)).content.decode()
    assert "Draft: only staff can see this step." in html
    Track.objects.create(slug="draft-track", title="A track in the making")
    client.logout()
    assert "A track in the making" not in client.get("/en/program/").content.decode()
    assert client.get("/en/program/draft-track/").status_code == 404


# --- The clinicians' editor -----------------------------------------------------------


@pytest.mark.django_db
def test_clinician_changes_english_text_and_finnish_becomes_needs_review(
    admin_client, program, locale_copy, django_capture_on_commit_callbacks
):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    fi_translate(step, "body", "Vanha suomenkielinen teksti.")
    old_english = step.body

    url = f"/admin/content/step/{step.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "script-src 'self'" in page["Content-Security-Policy"]
    data = form_data(page.content.decode(), "step_form")
    data["body"] = ["A completely rewritten English text."]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    fuzzy = entry("fi", step, "body")
    assert fuzzy.fuzzy
    assert fuzzy.msgid == "A completely rewritten English text."
    assert fuzzy.previous_msgid == old_english
    assert fuzzy.msgstr == "Vanha suomenkielinen teksti."
    # Finnish visitors keep the old translation until it is reviewed...
    assert (
        "Vanha suomenkielinen teksti."
        in admin_client.get(step_path(step, "fi")).content.decode()
    )
    # ...and translators see it as needing review.
    overview = admin_client.get("/admin/translations/").content.decode()
    assert '?show=review">1</a>' in overview
    review = admin_client.get("/admin/translations/fi/?show=review").content.decode()
    assert (
        "A completely rewritten English text." in review
        and "Vanha suomenkielinen teksti." in review
    )


@pytest.mark.django_db
def test_new_step_is_missing_and_shown_in_english_with_its_lang(
    admin_client, program, locale_copy, django_capture_on_commit_callbacks
):
    stage = program.stages.first()
    data = form_data(
        admin_client.get("/admin/content/step/add/").content.decode(), "step_form"
    )
    data.update(
        stage=[str(stage.pk)],
        title=["A brand new step"],
        slug=["brand-new"],
        kind=["reading"],
        body=["Fresh words for everyone."],
        is_published=["on"],
        position=["99"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/content/step/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    step = Step.objects.get(slug="brand-new")
    new = entry("fi", step, "body")
    assert new.msgstr == "" and not new.fuzzy
    assert "(body)" in new.comment and "brand-new" in new.comment
    missing = admin_client.get(
        "/admin/translations/fi/?show=missing&q=Fresh+words"
    ).content.decode()
    assert "Fresh words for everyone." in missing
    html = admin_client.get(step_path(step, "fi")).content.decode()
    assert '<div lang="en"><p>Fresh words for everyone.</p>\n</div>' in html
    assert '<span lang="en">A brand new step</span>' in html


@pytest.mark.django_db
def test_translator_edit_in_admin_shows_on_the_finnish_page_at_once(
    client, program, locale_copy
):
    sign_in_staff(client, member_of("Translators"))
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    sync.export_all()
    page = client.get(
        "/admin/translations/fi/?show=all&q=" + step.title.replace(" ", "+")
    )
    assert page.status_code == 200
    context = step.translation_context("title")
    response = client.post(
        "/admin/translations/fi/?show=all",
        {"context": [context], f"msgstr::{context}": "Kääntäjän uusi otsikko"},
    )
    assert response.status_code == 302
    assert (
        "<h1>Kääntäjän uusi otsikko</h1>"
        in client.get(step_path(step, "fi")).content.decode()
    )
    # Saved to both files, and the .mo is what visitors read.
    assert "Kääntäjän uusi otsikko" in files.po_path("fi").read_text()
    assert files.mo_path("fi").stat().st_size > 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "upload,message",
    [
        (
            b'msgid "unterminated\n\nthis is not a po file',
            "could not be read as a .po file",
        ),
        (
            b'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n',
            "is for the language 'es', not 'fi'",
        ),
        (
            b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "x"\nmsgstr "y"\n',
            "does not say which language",
        ),
        (b"\xff\xfe\x00binary", "not a UTF-8 text file"),
    ],
)
def test_uploaded_broken_or_foreign_po_is_refused_and_changes_nothing(
    admin_client, program, locale_copy, upload, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sync.export_all()
    before = files.po_path("fi").read_bytes()
    response = admin_client.post(
        "/admin/translations/fi/upload/",
        {"file": SimpleUploadedFile("fi.po", upload)},
        follow=True,
    )
    html = response.content.decode()
    assert message in html.replace("&#x27;", "'")
    assert "nothing was changed" in html
    assert files.po_path("fi").read_bytes() == before


@pytest.mark.django_db
def test_po_round_trip_through_download_and_upload(admin_client, program, locale_copy):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    sync.export_all()
    download = admin_client.get("/admin/translations/fi/download/")
    assert download["Content-Disposition"].startswith("attachment")
    po = polib.pofile(b"".join(download.streaming_content).decode())
    for item in po:
        if item.msgctxt == step.translation_context("title"):
            item.msgstr = "Poeditissa käännetty"
            item.flags = [f for f in item.flags if f != "fuzzy"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin_client.post(
        "/admin/translations/fi/upload/",
        {"file": SimpleUploadedFile("fi.po", str(po).encode())},
        follow=True,
    )
    assert "Took" in response.content.decode()
    assert (
        "Poeditissa käännetty"
        in admin_client.get(step_path(step, "fi")).content.decode()
    )


@pytest.mark.django_db
def test_save_is_atomic_a_crash_leaves_the_old_files_whole(
    program, locale_copy, monkeypatch
):
    sync.export_all()
    po_before = files.po_path("fi").read_bytes()
    mo_before = files.mo_path("fi").read_bytes()
    import os

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    step = Step.objects.filter(stage__track=program).first()
    with pytest.raises(OSError):
        sync.save_translations(
            "fi", {step.translation_context("title"): ("Uusi", False)}
        )
    assert files.po_path("fi").read_bytes() == po_before
    assert files.mo_path("fi").read_bytes() == mo_before
    leftovers = [
        p for p in files.po_path("fi").parent.iterdir() if p.name.endswith(".tmp")
    ]
    assert leftovers == []


@pytest.mark.django_db
def test_export_marks_removed_text_obsolete_and_reuses_identical_translations(
    program, locale_copy
):
    step = Step.objects.filter(stage__track=program, kind="reading").first()
    fi_translate(step, "title", "Käännös")
    twin = Step.objects.create(
        stage=step.stage,
        slug="twin",
        kind="reading",
        title=step.title,
        position=500,
        is_published=True,
    )
    sync.export_all()
    assert entry("fi", twin, "title").msgstr == "Käännös"
    context = twin.translation_context("title")
    twin.delete()
    sync.export_all()
    po = polib.pofile(str(files.po_path("fi")))
    assert [e.obsolete for e in po if e.msgctxt == context] == [True]


# --- Roles -----------------------------------------------------------------------------


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
def test_admin_offers_search_filters_preview_and_view_on_site(admin_client, program):
    listing = admin_client.get(
        "/admin/content/step/?q=self-check&kind__exact=scale"
    ).content.decode()
    assert "A short self-check" in listing
    step = Step.objects.get(stage__track=program, slug="self-check")
    change = admin_client.get(f"/admin/content/step/{step.pk}/change/").content.decode()
    assert 'class="markdown-preview"' in change
    assert "/admin/r/" in change  # "View on site"
    assert (
        change.count('name="questions-') > 4
    )  # questions inline, with their choices and prompts


# --- Loading the default program ---------------------------------------------------------


def snapshot():
    rows = []
    for model in (Track, Stage, Step, Question, Choice, MotivationPrompt, Page):
        for obj in model.objects.order_by("uuid"):
            data = model_to_dict(obj)
            data.pop("id", None)
            rows.append(
                (
                    model.__name__,
                    str(obj.uuid),
                    sorted((k, str(v)) for k, v in data.items()),
                )
            )
    return rows


@pytest.mark.django_db
def test_loadprogram_twice_gives_the_same_content(program):
    first = snapshot()
    call_command("loadprogram", verbosity=0)
    assert snapshot() == first
    assert Step.objects.filter(stage__track=program).count() >= 45
