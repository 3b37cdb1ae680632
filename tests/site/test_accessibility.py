"""Accessibility and valid HTML, on every help-seeker page in every language.

axe-core audits every page in the source language and, taking turns over the
same pages, every other language (every_language_in_turn); it runs in a
separate browser context that allows the
audit script (the pages themselves still run none); the Nu HTML Checker
(vnu) validates the HTML."""

import json
import shutil
import subprocess

import pytest
from django.test import Client

from modules.content.models import Step
from tests.helpers import (
    LANGUAGES,
    NODE_MODULES,
    answers_for,
    every_language_in_turn,
    help_seeker_urls,
    require_tool,
    step_path,
)

AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pages_with_content(program, lang):
    """Every help-seeker page, plus the states a visitor reaches: answers on the
    summaries and My plan, reactions after saving, errors, a diary with a chart."""
    urls = help_seeker_urls(program, lang)
    stage = program.stages.first()
    ruler = Step.objects.get(stage__track=program, slug="readiness-ruler")
    quiz = Step.objects.filter(stage__track=program, kind="quiz").first()
    return [
        *urls,
        step_path(ruler, lang) + "?saved=1",
        step_path(quiz, lang) + "?saved=1",
        f"/{lang}/program/{program.slug}/{stage.slug}/summary/",
        f"/{lang}/diary/?saved=1",
        f"/{lang}/no-such-page/",
    ]


def prepare_visitor(post, program, lang="en"):
    """Answer a few steps (the ruler low, to see a prompt) and log two urges."""
    ruler = Step.objects.get(stage__track=program, slug="readiness-ruler")
    quiz = Step.objects.filter(stage__track=program, kind="quiz").first()
    for step in [
        *list(Step.objects.filter(stage__track=program, stage__position=0)),
        quiz,
    ]:
        data = answers_for(step, marker="audit")
        if step.pk == ruler.pk:
            data["q_importance"] = "2"
        post(step_path(step, lang), data)
    post(
        step_path(ruler, lang),
        {**answers_for(ruler, marker="audit"), "q_importance": "6"},
    )
    for strength in ("8", "4"):
        post(f"/{lang}/diary/", {"strength": strength, "situation": "audit"})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_axe_finds_no_violations_on_any_page_in_any_language(
    browser, live_server, program
):
    require_tool(AXE.exists(), "axe-core (npm install)")
    context = browser.new_context(
        bypass_csp=True,
        java_script_enabled=True,
        viewport={"width": 1280, "height": 800},
    )
    # The audit browser shares a journal with a test client: same cookie.
    visitor = Client()
    prepare_visitor(visitor.post, program)
    context.add_cookies(
        [
            {
                "name": "journal",
                "value": visitor.cookies["journal"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    failures = {}
    audited = 0
    for _lang, url in every_language_in_turn(
        lambda lang: pages_with_content(program, lang)
    ):
        page.goto(live_server.url + url)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG,
        )
        audited += 1
        if result["violations"]:
            failures[url] = [
                (v["id"], [n["target"] for n in v["nodes"]][:3])
                for v in result["violations"]
            ]
    context.close()
    assert failures == {}
    assert audited >= 2 * 25


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_keyboard_alone_with_a_visible_focus(browser, live_server, program):
    context = browser.new_context(
        java_script_enabled=True, viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    step = Step.objects.get(stage__track=program, slug="readiness-ruler")
    page.goto(live_server.url + step_path(step, "fi"))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    style = page.evaluate("getComputedStyle(document.activeElement)")
    assert (
        page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    )
    assert style is not None
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Tab to the first rating, choose with the arrow keys, and on to the button.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "q_importance":
            break
    assert page.evaluate("document.activeElement.name") == "q_importance"
    assert (
        page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    )
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "q_confidence":
            break
    page.keyboard.press("ArrowRight")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    checked = page.evaluate(
        "[...document.querySelectorAll('input:checked')].map(e => e.name + '=' + e.value)"
    )
    assert checked == ["q_importance=2", "q_confidence=1"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Saved: the page now answers what was chosen (a prompt) and offers to go on.
    assert "saved=1" in page.url
    assert page.locator(".notice--prompt").count() >= 1
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", [320, 640])
def test_pages_fit_a_narrow_screen_and_200_percent_zoom(
    browser, live_server, program, width
):
    """640 CSS pixels is a 1280-pixel desktop at 200% zoom; 320 is the smallest phone."""
    context = browser.new_context(
        java_script_enabled=True, viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    wide = []
    for lang in ("fi", "es"):
        for url in help_seeker_urls(program, lang):
            page.goto(live_server.url + url)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                wide.append((url, overflow))
    context.close()
    assert wide == []


@pytest.mark.django_db
def test_every_page_is_valid_html(program, tmp_path):
    require_tool(
        VNU.exists() and shutil.which("java"), "the Nu HTML Checker (npm install; java)"
    )
    client = Client()
    prepare_visitor(client.post, program)
    files = []
    for lang in LANGUAGES:
        for url in pages_with_content(program, lang):
            response = client.get(url)
            path = tmp_path / f"{len(files):03d}.html"
            path.write_bytes(response.content)
            files.append((path, url))
    # A form with errors, too.
    step = Step.objects.filter(stage__track=program, kind="balance").first()
    response = client.post(step_path(step, "es"), {"q_balance_weight": "eleven"})
    path = tmp_path / "errors.html"
    path.write_bytes(response.content)
    files.append((path, "balance with errors"))
    errors = validate_with_vnu(tmp_path, files)
    assert errors == [], "\n".join(f"{url}: {message}" for url, message in errors)
    assert len(files) >= 3 * 25


# A page with one error the checker must report: if it does not, the checker
# did not really check anything, and silence would mean nothing.
CANARY = (
    '<!DOCTYPE html><html lang="en"><head><title>canary</title></head>'
    "<body><p><div>a block inside a paragraph</div></p></body></html>"
)


def validate_with_vnu(tmp_path, files):
    """(page, message) for every error vnu finds in ``files`` (pairs of path
    and URL). Fails the test when vnu did not run, did not read every file, or
    said something that is not its JSON report."""
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY)
    paths = [str(canary), *(str(p) for p, _url in files)]
    java = shutil.which("java")
    # S603: a fixed program and arguments; the files are the test's own.
    result = subprocess.run(  # noqa: S603
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--verbose",
            "--format",
            "json",
            *paths,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    said = f"exit status {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    # vnu exits 1 when it reports errors (the canary's at least).
    assert result.returncode == 1, "vnu did not run as expected: " + said
    # --verbose: vnu names each file on stdout as it checks it.
    checked = set(result.stdout.splitlines())
    assert set(paths) <= checked, "vnu did not check every page: " + said
    # The report is one JSON line on stderr (after anything java itself says).
    report = [line for line in result.stderr.splitlines() if line.startswith("{")]
    assert report, "vnu wrote no report: " + said
    messages = json.loads(report[-1])["messages"]
    by_file = {}
    for message in messages:
        path = message.get("url", "").removeprefix("file:")
        by_file.setdefault(path, []).append(message)
    assert any(m["type"] == "error" for m in by_file.pop(str(canary), [])), (
        "vnu missed the canary's error: " + said
    )
    names = {str(p): url for p, url in files}
    return [
        (names.get(path, path or "?"), f"{m['type']}: {m.get('message')}")
        for path, found in by_file.items()
        for m in found
    ]
