"""A track's stages and steps in order, with the visitor's progress, and
where one step stands in it (numbers, previous and next)."""

from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse


def stage_url(stage):
    return reverse(
        "journey:stage", kwargs={"track": stage.track.slug, "stage": stage.slug}
    )


def summary_url(stage):
    return reverse(
        "journey:stage_summary",
        kwargs={"track": stage.track.slug, "stage": stage.slug},
    )


def step_url(stage, step):
    return reverse(
        "journey:step",
        kwargs={"track": stage.track.slug, "stage": stage.slug, "step": step.slug},
    )


@dataclass(frozen=True)
class StepPlace:
    """Where a step stands in its track: its stage, their numbers, and the
    pages before and after it in reading order."""

    stage: object
    stage_number: int
    step_number: int
    step_count: int
    previous_url: str
    next_url: str


@dataclass
class Outline:
    """A track's published stages and steps, in order, with what the visitor
    has done (a set of step UUIDs)."""

    track: object
    done: set

    # The track's stages and steps do not change during a request: listed
    # once (a step page asks for them a dozen times).
    @cached_property
    def stages(self):
        return list(self.track.stages.all())

    @cached_property
    def steps(self):
        return [step for stage in self.stages for step in stage.steps.all()]

    @cached_property
    def _step_keys(self):
        return [str(step.uuid) for step in self.steps]

    @property
    def total(self):
        return len(self.steps)

    @property
    def completed(self):
        return sum(1 for key in self._step_keys if key in self.done)

    def is_done(self, step):
        return str(step.uuid) in self.done

    def stage_number(self, stage):
        return next(n for n, s in enumerate(self.stages, 1) if s.id == stage.id)

    def stage_status(self, stage):
        steps = list(stage.steps.all())
        finished = sum(1 for step in steps if self.is_done(step))
        if steps and finished == len(steps):
            return "done"
        return "in_progress" if finished else "not_started"

    def is_stage_done(self, stage):
        return all(self.is_done(step) for step in stage.steps.all())

    def next_step_url(self):
        """The first step not done yet (where to continue), or None."""
        for stage in self.stages:
            for step in stage.steps.all():
                if not self.is_done(step):
                    return step_url(stage, step)
        return None

    def stage_of(self, step):
        return next(s for s in self.stages if s.id == step.stage_id)

    def place_of(self, step) -> StepPlace:
        stage = self.stage_of(step)
        steps = list(stage.steps.all())
        index = next(i for i, s in enumerate(steps) if s.id == step.id)
        if index > 0:
            previous = step_url(stage, steps[index - 1])
        else:
            previous = stage_url(stage)
        if index + 1 < len(steps):
            following = step_url(stage, steps[index + 1])
        else:
            following = summary_url(stage)
        return StepPlace(
            stage=stage,
            stage_number=self.stage_number(stage),
            step_number=index + 1,
            step_count=len(steps),
            previous_url=previous,
            next_url=following,
        )

    def stage_after(self, stage):
        stages = self.stages
        number = self.stage_number(stage)
        return stages[number] if number < len(stages) else None


def outline(track, journal_data) -> Outline:
    return Outline(track=track, done=set(journal_data.get("done", [])))
