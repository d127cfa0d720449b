"""A lesson made ready for the engine, once, when it is loaded.

The engine asks the same questions of a lesson on every event: the step at an
index, the index of an id, a hold's schedule of breath phases. A
`CompiledLesson` answers them from tables built once by `compile_lesson`, so
the engine's functions take one and never keep caches of their own. A hold's
plan (every breath phase of it) is made the first time the engine asks for it
and kept in the compiled lesson: a session reaches a few holds, and planning
all of a long lesson's holds up front cost more than replaying its journal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from coach.engine.pacer import HoldPlan, hold_plan
from coach.errors import CoachError
from coach.lesson.model import FlatStep, HoldStep, Lesson, Pace, Reminder


class EngineError(CoachError):
    """Events that do not fit the lesson (a journal of another lesson, say)."""


@dataclass(frozen=True, slots=True)
class CompiledLesson:
    """The lesson, its steps in order, id -> index, and the plans of the holds asked about."""

    lesson: Lesson
    steps: tuple[FlatStep, ...]
    index: Mapping[str, int]
    plans: dict[int, HoldPlan] = field(default_factory=dict, compare=False, repr=False)
    """Hold plans by step index, each made by `plan` on its first use."""

    @property
    def id(self) -> str:
        return self.lesson.id

    @property
    def version(self) -> str:
        return self.lesson.version

    @property
    def pace(self) -> Pace:
        return self.lesson.pace

    @property
    def reminders(self) -> tuple[Reminder, ...]:
        return tuple(self.lesson.reminders)

    def index_of(self, step_id: str) -> int | None:
        return self.index.get(step_id)

    def plan(self, step_index: int | None) -> HoldPlan:
        """The hold plan of the step at `step_index`; `EngineError` if it is not a hold."""
        if step_index is None:
            raise EngineError("a hold event arrived outside a hold step")
        plan = self.plans.get(step_index)
        if plan is None:
            step = self.steps[step_index].step if 0 <= step_index < len(self.steps) else None
            if not isinstance(step, HoldStep):
                raise EngineError("a hold event arrived outside a hold step")
            plan = self.plans[step_index] = hold_plan(step, step.pace or self.lesson.pace)
        return plan


def compile_lesson(lesson: Lesson) -> CompiledLesson:
    """The tables the engine needs, made once for `lesson`."""
    steps = tuple(lesson.flat_steps())
    index: dict[str, int] = {}
    for fs in steps:
        index.setdefault(fs.id, fs.index)
    return CompiledLesson(lesson, steps, MappingProxyType(index))
