"""Bad input and faults: nothing a visitor (or a failing disk) does gives a
500 or loses what was already saved."""

from urllib.parse import quote_from_bytes

import pytest
from django.db import OperationalError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modules.content.models import Step
from modules.staff import usage
from modules.translations import files
from tests.conftest import sign_in_staff
from tests.helpers import answers_for, step_path

ACCEPTABLE = {200, 302, 400, 403, 404, 405, 413, 429}

FIELD_NAMES = [
    "q_text",
    "q_importance",
    "q_confidence",
    "strength",
    "situation",
    "code",
    "csrfmiddlewaretoken",
    "eased",
]

values = st.one_of(
    st.text(max_size=200),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.binary(max_size=100),
    st.just("x" * 100_000),
    st.just(""),
    st.just("\x00"),
    st.sampled_from(["__other__", "10", "11", "-1", "1e9", "NaN", "0x10", "１０"]),
)


def encode_form(fields):
    parts = []
    for name, value in fields:
        raw = (
            value
            if isinstance(value, bytes)
            else value.encode("utf-8", "surrogatepass")
        )
        parts.append(f"{name}={quote_from_bytes(raw)}")
    return "&".join(parts).encode("ascii")


@pytest.fixture
def visitor(client, program):
    """A visitor who has already saved one answer that must survive everything."""
    first = Step.objects.filter(stage__track=program, kind="reflection").first()
    data = answers_for(first, marker="must-survive")
    assert client.post(step_path(first), data).status_code == 302
    client.kept_step = first
    client.kept_text = next(iter(data.values()))
    return client


def still_has_the_saved_answer(client, program):
    step = client.kept_step
    summary = client.get(f"/en/program/{program.slug}/{step.stage.slug}/summary/")
    assert summary.status_code == 200
    assert client.kept_text in summary.content.decode()


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    target=st.sampled_from(
        [
            "checklist",
            "scale",
            "quiz",
            "balance",
            "reflection",
            "plan",
            "diary",
            "continue",
            "save",
            "act-now",
        ]
    ),
    fields=st.lists(
        st.tuples(st.sampled_from(FIELD_NAMES + ["q_x", "q_x_other"]), values),
        max_size=12,
    ),
    lang=st.sampled_from(["en", "fi", "es"]),
)
def test_forms_survive_anything(visitor, program, target, fields, lang):
    if target in ("diary", "continue", "save", "act-now"):
        path = f"/{lang}/{target}/"
    else:
        step = (
            Step.objects.filter(stage__track=program, kind=target)
            .exclude(pk=visitor.kept_step.pk)
            .first()
        )
        path = step_path(step, lang)
        keys = [f"q_{q.key}" for q in step.questions.all()]
        fields = [
            (keys[i % len(keys)] if keys and name.startswith("q_") else name, v)
            for i, (name, v) in enumerate(fields)
        ]
    response = visitor.generic(
        "POST",
        path,
        encode_form(fields),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in ACCEPTABLE, (path, response.status_code)
    if response.status_code in (400, 413):
        assert "Traceback" not in response.content.decode()
        assert f'<html lang="{lang}"' in response.content.decode()
    still_has_the_saved_answer(visitor, program)


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    segments=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=5),
    query=st.text(max_size=60),
)
def test_urls_survive_anything(client, program_loaded, segments, query):
    path = "/" + "/".join(
        quote_from_bytes(s.encode("utf-8", "surrogatepass")) for s in segments
    )
    for prefix in ("", "/en/program/stop", "/fi"):
        response = client.get(
            prefix + path,
            QUERY_STRING=quote_from_bytes(query.encode("utf-8", "surrogatepass")),
        )
        assert response.status_code in ACCEPTABLE | {301}, (
            prefix + path,
            response.status_code,
        )


@pytest.mark.django_db
def test_invalid_percent_encoding_and_huge_urls(client, program_loaded):
    for path in (
        "/en/%ff%fe/",
        "/en/program/%c0%af/",
        "/en/" + "a" * 5000 + "/",
        "/en/program/stop/?saved=%ff",
    ):
        assert client.get(path).status_code in ACCEPTABLE


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("lang", ["en", "fi"])
def test_wrong_methods_get_a_page_in_the_visitors_language(
    client, program, method, lang
):
    step = Step.objects.filter(stage__track=program).first()
    for path in (
        f"/{lang}/",
        step_path(step, lang),
        f"/{lang}/diary/",
        f"/{lang}/save/",
    ):
        response = client.generic(method, path)
        assert response.status_code == 405, path
        html = response.content.decode()
        assert f'<html lang="{lang}"' in html
        assert response["Allow"]
    if lang != "en":
        assert (
            "This page cannot do that"
            not in client.generic("PUT", f"/{lang}/").content.decode()
        )


@pytest.mark.django_db
def test_too_large_a_request_gets_a_proper_page_and_keeps_the_saved_answer(
    visitor, program
):
    step = Step.objects.filter(stage__track=program, kind="reflection").last()
    big = {f"q_{q.key}": "y" * 3_000_000 for q in step.questions.all()}
    response = visitor.post(step_path(step, "es"), big)
    assert response.status_code == 413
    assert '<html lang="es"' in response.content.decode()
    many = {f"f{i}": "x" for i in range(1500)}
    assert visitor.post("/en/diary/", many).status_code == 413
    still_has_the_saved_answer(visitor, program)


@pytest.mark.django_db
def test_repeated_fields_and_missing_fields(visitor, program):
    step = Step.objects.filter(stage__track=program, kind="quiz").first()
    question = step.questions.first()
    keys = [c.key for c in question.choices.all()]
    response = visitor.post(
        step_path(step), {f"q_{question.key}": [keys[0], keys[1], "nonsense"]}
    )
    assert response.status_code in (302, 400)
    assert (
        visitor.post(step_path(step), {}).status_code == 400
    )  # a quiz needs an answer
    still_has_the_saved_answer(visitor, program)


# --- Faults -----------------------------------------------------------------------------


class BrokenDatabase:
    """Every query fails as if the database were locked or gone."""

    def __init__(self, monkeypatch, message="database is locked"):
        from django.db.backends import utils

        def fail(*args, **kwargs):
            raise OperationalError(message)

        monkeypatch.setattr(utils.CursorWrapper, "execute", fail)
        monkeypatch.setattr(utils.CursorWrapper, "executemany", fail)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "Please try again shortly"),
        ("fi", "Yritä hetken kuluttua uudelleen"),
        ("es", "Vuelve a intentarlo en un momento"),
    ],
)
def test_database_down_gives_a_translated_503_and_loses_nothing(
    visitor, program, monkeypatch, lang, text
):
    step = Step.objects.filter(stage__track=program, kind="scale").first()
    requests = [
        ("get", f"/{lang}/program/{program.slug}/", None),
        ("post", step_path(step, lang), answers_for(step)),
        ("get", f"/{lang}/diary/", None),
    ]
    with monkeypatch.context() as patch:
        BrokenDatabase(patch)
        visitor.raise_request_exception = False
        for method, path, data in requests:
            response = getattr(visitor, method)(path, data)
            assert response.status_code == 503, path
            assert response["Retry-After"] == "30"
            html = response.content.decode()
            assert text in html and f'<html lang="{lang}"' in html
            assert "locked" not in html and "Traceback" not in html
    still_has_the_saved_answer(visitor, program)


@pytest.mark.django_db
def test_a_failure_while_saving_leaves_the_previous_journal_readable(
    visitor, program, monkeypatch
):
    # A step not done yet: the journal is written first, then the count fails.
    step = (
        Step.objects.filter(stage__track=program, kind="reflection")
        .exclude(pk=visitor.kept_step.pk)
        .order_by("-stage__position", "-position")
        .first()
    )
    monkeypatch.setattr(
        usage,
        "count_usage",
        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("disk full")),
    )
    visitor.raise_request_exception = False
    changed = answers_for(step, marker="half-written")
    response = visitor.post(step_path(step), changed)
    assert response.status_code == 500
    assert "disk full" not in response.content.decode()
    monkeypatch.undo()
    still_has_the_saved_answer(visitor, program)
    summary = visitor.get(
        f"/en/program/{program.slug}/{step.stage.slug}/summary/"
    ).content.decode()
    assert "half-written" not in summary


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
