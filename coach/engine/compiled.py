"""A lesson made ready for the engine, once, when it is loaded.

The engine asks the same questions of a lesson on every event: the step at an
index, the index of an id, a hold's schedule of breath phases. A
`CompiledLesson` answers them from tables built once by `compile_lesson`, so
the engine's functions take one and never keep caches of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from coach.engine.pacer import HoldPlan, hold_plan
from coach.errors import CoachError
from coach.lesson.model import FlatStep, HoldStep, Lesson, Pace, Reminder


class EngineError(CoachError):
    """Events that do not fit the lesson (a journal of another lesson, say)."""


@dataclass(frozen=True, slots=True)
class CompiledLesson:
    """The lesson, its steps in order, id -> index, and a plan per hold step (by index)."""

    lesson: Lesson
    steps: tuple[FlatStep, ...]
    index: Mapping[str, int]
    plans: Mapping[int, HoldPlan]

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
        plan = self.plans.get(step_index) if step_index is not None else None
        if plan is None:
            raise EngineError("a hold event arrived outside a hold step")
        return plan


def compile_lesson(lesson: Lesson) -> CompiledLesson:
    """The tables the engine needs, made once for `lesson`."""
    steps = tuple(lesson.flat_steps())
    index: dict[str, int] = {}
    plans: dict[int, HoldPlan] = {}
    for fs in steps:
        index.setdefault(fs.id, fs.index)
        if isinstance(fs.step, HoldStep):
            plans[fs.index] = hold_plan(fs.step, fs.step.pace or lesson.pace)
    return CompiledLesson(lesson, steps, MappingProxyType(index), MappingProxyType(plans))
