"""Shared helpers (not fixtures): walking a track as a visitor would, reading
forms, signing staff in, and finding the audit tools. Fixtures live in
conftest.py."""

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from modules.content.models import Question, Step

REPO = Path(__file__).resolve().parent.parent
# Every language the site is configured for (SELFHELP_LANGUAGES): tests loop
# over these, never over a list of their own.
LANGUAGES = [code for code, _name in settings.LANGUAGES]
TRANSLATED = [code for code in LANGUAGES if code != settings.LANGUAGE_CODE]
DISTINCTIVE = "Zebrafinch-Quasar-{}"
# S105: a password for the test database's staff accounts only.
STAFF_PASSWORD = "a long pass phrase 123"  # noqa: S105

# The audit tools (axe-core, the Nu HTML Checker): `make test` installs
# tests/package.json into tests/node_modules.
NODE_MODULES = Path(__file__).resolve().parent / "node_modules"


# --- Walking a track --------------------------------------------------------------


def step_path(step, lang="en"):
    stage = step.stage
    return f"/{lang}/program/{stage.track.slug}/{stage.slug}/{step.slug}/"


def answers_for(step, marker="walk", rating=7):
    """POST data answering every question of ``step``."""
    data = {}
    for question in step.questions.all():
        name = f"q_{question.key}"
        if question.input == Question.Input.TEXT:
            data[name] = DISTINCTIVE.format(f"{marker}-{step.slug}-{question.key}")
        elif question.input == Question.Input.RATING:
            data[name] = str(rating)
        elif question.input == Question.Input.SINGLE:
            data[name] = question.choices.all()[0].key
        else:
            keys = [c.key for c in question.choices.all()][:2]
            if question.allow_other:
                keys.append("__other__")
                data[f"{name}_other"] = DISTINCTIVE.format(
                    f"{marker}-other-{question.key}"
                )
            data[name] = keys
    return data


def ordered_steps(program):
    return list(
        Step.objects.filter(
            stage__track=program, is_published=True, stage__is_published=True
        )
        .select_related("stage__track")
        .prefetch_related("questions__choices")
        .order_by("stage__position", "position")
    )


def answer_one(client, program, marker):
    """Answer the track's first reflection step; returns the step and the answers."""
    step = Step.objects.filter(stage__track=program, kind="reflection").first()
    data = answers_for(step, marker=marker)
    assert client.post(step_path(step), data).status_code == 302
    return step, data


def still_has_the_saved_answer(client, program):
    """The answer the ``visitor`` fixture saved is still on its stage summary."""
    step = client.kept_step
    summary = client.get(f"/en/program/{program.slug}/{step.stage.slug}/summary/")
    assert summary.status_code == 200
    assert client.kept_text in summary.content.decode()


def help_seeker_urls(program, lang):
    step_urls = []
    seen = set()
    for step in Step.objects.filter(stage__track=program).select_related(
        "stage__track"
    ):
        if step.kind not in seen:
            seen.add(step.kind)
            step_urls.append(step_path(step, lang))
    stage = program.stages.first()
    return [
        f"/{lang}/",
        f"/{lang}/privacy/",
        f"/{lang}/about/",
        f"/{lang}/accessibility/",
        f"/{lang}/help/",
        f"/{lang}/program/",
        f"/{lang}/program/{program.slug}/",
        f"/{lang}/program/{program.slug}/{stage.slug}/",
        f"/{lang}/program/{program.slug}/{stage.slug}/summary/",
        f"/{lang}/plan/",
        f"/{lang}/progress/",
        f"/{lang}/diary/",
        f"/{lang}/act-now/",
        f"/{lang}/act-now/?eased=no",
        f"/{lang}/save/",
        f"/{lang}/continue/",
        f"/{lang}/delete/",
        f"/{lang}/messages/",
        f"/{lang}/glossary/",
        f"/{lang}/pages/why-stop/",
        *step_urls,
    ]


# --- Save codes ---------------------------------------------------------------------

CODE_RE = re.compile(r'<p class="save-code"[^>]*>([0-9A-Z-]+)</p>')


def save_code(client, lang="en"):
    """Save the client's journal with a code, as the Save page does; returns the code."""
    response = client.post(f"/{lang}/save/")
    assert response.status_code == 200
    return CODE_RE.search(response.content.decode()).group(1)


# --- Reading pages ------------------------------------------------------------------


def visible_text(html):
    """The page's text without tags, for "does the visitor see X" checks."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


class _FormParser(HTMLParser):
    """Collect the fields of the first POST form on a page (or the one with
    ``form_id``), as a browser would send them."""

    SENT_INPUTS_EXCEPT = ("submit", "button", "file", "image", "reset")

    def __init__(self, html, form_id=None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.data = []
        self.in_form = False
        self.done = False
        self.textarea = None  # [name, text so far]
        self.select = None  # the select's name
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form(a)
        elif not self.in_form:
            return
        elif tag == "input" and a.get("name"):
            self._input(a)
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self.select = a["name"]
        elif tag == "option" and self.select is not None and "selected" in a:
            self.data.append((self.select, a.get("value", "")))

    handle_startendtag = handle_starttag

    def _form(self, a):
        is_post = a.get("method", "").lower() == "post"
        if is_post and not self.done and self.form_id in (None, a.get("id")):
            self.in_form = True

    def _input(self, a):
        kind = a.get("type", "text")
        if kind in ("checkbox", "radio"):
            if "checked" in a:
                self.data.append((a["name"], a.get("value", "on")))
        elif kind not in self.SENT_INPUTS_EXCEPT:
            self.data.append((a["name"], a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
            self.done = True
        elif tag == "textarea" and self.textarea:
            name, value = self.textarea
            self.data.append((name, value.removeprefix("\n")))
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def form_data(html, form_id=None):
    """A POST form's fields (the first, or the one with ``form_id``) as a dict of lists."""
    data = {}
    for name, value in _FormParser(html, form_id).data:
        data.setdefault(name, []).append(value)
    return data


# --- What the database keeps ------------------------------------------------------------


def stored_database_bytes():
    """Every byte the database keeps on disk (the SQLite file and its WAL).

    Read in a separate process: opening and closing the file here would drop
    the POSIX locks SQLite holds on it for this process's own connections."""
    import subprocess
    import sys

    db_file = Path(settings.DATABASES["default"]["NAME"])
    paths = [str(p) for p in (db_file, Path(f"{db_file}-wal")) if p.exists()]
    reader = "import sys\nfor p in sys.argv[1:]:\n    sys.stdout.buffer.write(open(p, 'rb').read())"
    # S603: this Python, a fixed script, and the database's own file names.
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", reader, *paths], capture_output=True, check=True
    ).stdout


# --- Staff ----------------------------------------------------------------------------


def sign_in_staff(client, user):
    """Sign a staff member in as the admin requires: password and second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="phone", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def member_of(group_name, username=None):
    """A new staff member in one of the role groups (Editors, Translators, ...)."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(
        username or group_name.lower(), password="x" * 20, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def edit_step(client, step, **changes):
    """Change a step through the admin's form, as a clinician would."""
    url = f"/admin/content/step/{step.pk}/change/"
    data = form_data(client.get(url).content.decode(), "step_form")
    for key, value in changes.items():
        data[key] = [value]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


# --- Catalogues -------------------------------------------------------------------------


def fi_translate(obj, field, text, *, review=False):
    """Give ``obj.field`` a Finnish translation in the live catalogue."""
    from modules.translations import sync

    sync.export_all()
    sync.save_translations("fi", {obj.translation_context(field): (text, review)})


def po_entry(lang, obj, field):
    """The live content catalogue's entry of ``obj.field`` in ``lang``."""
    from modules.translations import store

    return next(
        e for e in store.load(lang) if e.msgctxt == obj.translation_context(field)
    )


# --- Tools the tests need ----------------------------------------------------------------


def require_tool(available, what):
    """Skip when an audit tool is missing, except in CI where it must be there."""
    if available:
        return
    if os.environ.get("SELFHELP_REQUIRE_BROWSER"):
        pytest.fail(f"{what} is required in CI but missing")
    pytest.skip(f"{what} is not installed")


def every_language_in_turn(pages_for):
    """``(lang, url)`` pairs for an audit too slow to run on every page in
    every language: every page in the source language, and the other
    languages taking turns over the same pages (each also its first page), so
    that every language and every page kind is audited. ``pages_for(lang)``
    returns a language's pages, in the same order for every language."""
    source = LANGUAGES[0]
    plan = [(source, url) for url in pages_for(source)]
    for lang in TRANSLATED:
        plan.append((lang, pages_for(lang)[0]))
    for i in range(1, len(pages_for(source))):
        lang = TRANSLATED[i % len(TRANSLATED)] if TRANSLATED else source
        plan.append((lang, pages_for(lang)[i]))
    return plan
