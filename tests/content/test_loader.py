"""Loading the default program from its YAML files."""

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from modules.content.models import (
    Choice,
    MotivationPrompt,
    Page,
    Question,
    Stage,
    Step,
    Track,
)


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


@pytest.mark.database
@pytest.mark.django_db
def test_loadprogram_twice_gives_the_same_content(program):
    first = snapshot()
    call_command("loadprogram", verbosity=0)
    assert snapshot() == first
    assert Step.objects.filter(stage__track=program).count() >= 45
