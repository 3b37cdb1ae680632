"""Shared helpers: walking a track as a visitor would."""

import re

from modules.content.models import Question, Step

DISTINCTIVE = "Zebrafinch-Quasar-{}"


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


def visible_text(html):
    """The page's text without tags, for "does the visitor see X" checks."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


class _FormParser:
    """Collect the fields of the first POST form on a page, as a browser would send them."""

    def __init__(self, html, form_id=None):
        from html.parser import HTMLParser

        self.data = []
        parser = HTMLParser(convert_charrefs=True)
        state = {
            "form": False,
            "textarea": None,
            "select": None,
            "option": None,
            "done": False,
        }

        def start(tag, attrs):
            a = dict(attrs)
            if (
                tag == "form"
                and a.get("method", "").lower() == "post"
                and not state["done"]
            ):
                if form_id is None or a.get("id") == form_id:
                    state["form"] = True
            if not state["form"]:
                return
            name = a.get("name")
            if tag == "input" and name:
                kind = a.get("type", "text")
                if kind in ("checkbox", "radio"):
                    if "checked" in a:
                        self.data.append((name, a.get("value", "on")))
                elif kind not in ("submit", "button", "file", "image", "reset"):
                    self.data.append((name, a.get("value", "")))
            elif tag == "textarea" and name:
                state["textarea"] = [name, ""]
            elif tag == "select" and name:
                state["select"] = [name, None, "multiple" in a]
            elif tag == "option" and state["select"] is not None:
                state["option"] = a
                if "selected" in a:
                    self.data.append((state["select"][0], a.get("value", "")))
                    state["select"][1] = True

        def end(tag):
            if tag == "form" and state["form"]:
                state["form"] = False
                state["done"] = True
            elif tag == "textarea" and state["textarea"]:
                value = state["textarea"][1]
                if value.startswith("\n"):
                    value = value[1:]
                self.data.append((state["textarea"][0], value))
                state["textarea"] = None
            elif tag == "select" and state["select"]:
                state["select"] = None

        def text(content):
            if state["textarea"] is not None:
                state["textarea"][1] += content

        parser.handle_starttag = start
        parser.handle_startendtag = start
        parser.handle_endtag = end
        parser.handle_data = text
        parser.feed(html)


def form_data(html, form_id=None):
    """A POST form's fields (the first, or the one with ``form_id``) as a dict of lists."""
    data = {}
    for name, value in _FormParser(html, form_id).data:
        data.setdefault(name, []).append(value)
    return data


def stored_database_bytes():
    """Every byte the database keeps on disk (the SQLite file and its WAL).

    Read in a separate process: opening and closing the file here would drop
    the POSIX locks SQLite holds on it for this process's own connections."""
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings

    db_file = Path(settings.DATABASES["default"]["NAME"])
    paths = [str(p) for p in (db_file, Path(f"{db_file}-wal")) if p.exists()]
    reader = "import sys\nfor p in sys.argv[1:]:\n    sys.stdout.buffer.write(open(p, 'rb').read())"
    return subprocess.run(
        [sys.executable, "-c", reader, *paths], capture_output=True, check=True
    ).stdout


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
        f"/{lang}/glossary/",
        f"/{lang}/pages/why-stop/",
        *step_urls,
    ]
