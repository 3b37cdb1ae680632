"""Bad input and faults on the journey's forms: nothing a visitor sends gives
a 500, and a failure part-way through saving loses nothing already saved."""

from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from modules.content.models import Step
from modules.staff import usage
from tests.helpers import LANGUAGES, answers_for, step_path, still_has_the_saved_answer

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
    # RUF001: the last one is ten in full-width digits, on purpose.
    st.sampled_from(["__other__", "10", "11", "-1", "1e9", "NaN", "0x10", "１０"]),  # noqa: RUF001
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


@pytest.mark.django_db
@hypothesis_settings(
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
        st.tuples(st.sampled_from([*FIELD_NAMES, "q_x", "q_x_other"]), values),
        max_size=12,
    ),
    lang=st.sampled_from(LANGUAGES),
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


@pytest.mark.database
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
