"""Breath arithmetic: the phases of a breath, and a hold's whole schedule.

Kept apart from the state machine as pure functions of the lesson's numbers so
the UI's breath pacer, the engine's deadlines and the tests all agree on one
definition: a breath is inhale -> exhale (pressure is on the exhale) -> rest
(left out when 0); a hold is each position's breaths, with a "transition"
(withdraw / reposition) between positions but not after the last.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from coach.engine.events import Phase
from coach.lesson.model import HoldStep, Pace

BreathPhase = Literal["inhale", "exhale", "rest"]


def breath_phases(pace: Pace) -> tuple[tuple[BreathPhase, float], ...]:
    """The phases of one breath with their seconds; rest only when it is > 0."""
    phases: tuple[tuple[BreathPhase, float], ...] = (
        ("inhale", pace.inhale),
        ("exhale", pace.exhale),
    )
    if pace.rest > 0:
        phases += (("rest", pace.rest),)
    return phases


class HoldPhase(NamedTuple):
    """One phase of a hold; `breath` is 1-based, 0 for a transition.

    A named tuple: a long hold has hundreds of phases, made when its plan is.
    """

    position_index: int
    hour: int
    breath: int
    phase: Phase
    seconds: float


def hold_schedule(step: HoldStep, pace: Pace) -> tuple[HoldPhase, ...]:
    """Every phase of the hold, in order."""
    phases = breath_phases(pace)
    out: list[HoldPhase] = []
    last = len(step.positions) - 1
    for p, position in enumerate(step.positions):
        for breath in range(1, step.breaths_at(p) + 1):
            out.extend(HoldPhase(p, position.at, breath, name, sec) for name, sec in phases)
        if p < last:
            out.append(HoldPhase(p, position.at, 0, "transition", step.between.seconds))
    return tuple(out)


def phase_index(step: HoldStep, pace: Pace, position_index: int, breath: int, phase: Phase) -> int:
    """Where (position, breath, phase) sits in `hold_schedule`; ValueError if nowhere."""
    per_breath = len(breath_phases(pace))
    names = [name for name, _ in breath_phases(pace)]
    if not 0 <= position_index < len(step.positions):
        raise ValueError(f"no position {position_index}")
    offset = sum(step.breaths_at(q) * per_breath + 1 for q in range(position_index))
    breaths = step.breaths_at(position_index)
    if phase == "transition":
        if position_index == len(step.positions) - 1:
            raise ValueError("no transition after the last position")
        return offset + breaths * per_breath
    if not 1 <= breath <= breaths or phase not in names:
        raise ValueError(f"no breath {breath} phase {phase}")
    return offset + (breath - 1) * per_breath + names.index(phase)


@dataclass(frozen=True, slots=True)
class HoldPlan:
    """A hold's schedule, where each position's phases begin, and the time after each phase."""

    step: HoldStep
    pace: Pace
    schedule: tuple[HoldPhase, ...]
    starts: tuple[int, ...]  # the schedule index of each position's first phase
    breath: tuple[str, ...]  # the phase names of one breath, in order
    after: tuple[float, ...]  # seconds of the schedule after phase i (for "time left")

    @property
    def total(self) -> float:
        return self.after[0] + self.schedule[0].seconds if self.schedule else 0.0

    def phase_index(self, position_index: int, breath: int, phase: Phase) -> int:
        """`phase_index` for this step and pace, from the positions' starts (no sums)."""
        p, starts, names = position_index, self.starts, self.breath
        if type(p) is int and type(breath) is int and 0 <= p < len(starts):
            if phase == "transition" and p < len(starts) - 1:
                return starts[p + 1] - 1
            if phase in names and 1 <= breath <= self.step.breaths_at(p):
                return starts[p] + (breath - 1) * len(names) + names.index(phase)
        # Anything else is an error: the arithmetic says which, in its own words.
        return phase_index(self.step, self.pace, position_index, breath, phase)


def hold_plan(step: HoldStep, pace: Pace) -> HoldPlan:
    """`hold_schedule` with its phase lookups; made on first use by `CompiledLesson.plan`."""
    schedule = hold_schedule(step, pace)
    names = tuple(name for name, _ in breath_phases(pace))
    starts = [0]
    for p in range(len(step.positions) - 1):  # each position's breaths, then a transition
        starts.append(starts[-1] + step.breaths_at(p) * len(names) + 1)
    after = [0.0] * len(schedule)
    for i in range(len(schedule) - 2, -1, -1):
        after[i] = after[i + 1] + schedule[i + 1].seconds
    return HoldPlan(step, pace, schedule, tuple(starts), names, tuple(after))
