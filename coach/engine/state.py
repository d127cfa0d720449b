"""The session state and the view the UI renders, as immutable values.

State is whatever `evolve` folds out of the event list, nothing more: immutable
values of tuples and frozensets, so two states compare with `==` (that is how
the tests prove `replay(events) == state`) and no two states share anything
mutable. Per-step records (ticks, ratings, notes) are sorted tuples of pairs,
not dicts, for the same reason.

`State` and `HoldState` are named tuples rather than frozen dataclasses
because `evolve` makes a new one for every event: `_replace` on a named tuple
costs a fifth of `dataclasses.replace` on a 27-field frozen class, and that was
most of the time it took to resume a long session.

Times in the state are *session-time deadlines*; a pause shifts them all when
it ends, so "remaining" is always `deadline - now` and never a count of ticks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from coach.engine.events import Phase, TriggerName
from coach.lesson.model import FlatStep, Rating

Status = Literal["idle", "running", "paused", "stopped", "ended"]


@dataclass(frozen=True, slots=True)
class PendingReminder:
    """A reminder on screen; `ack` ones block moving on until acknowledged."""

    key: str
    text: str
    ack: bool
    trigger: TriggerName
    step_id: str | None
    shown_at: float


@dataclass(frozen=True, slots=True)
class EveryDue:
    """A `when: every` reminder and the session time it next fires."""

    key: str
    text: str
    ack: bool
    step_id: str | None
    period: float
    due: float


class HoldState(NamedTuple):
    """Where a running hold is: an index into its phase schedule (see `pacer`)."""

    phase_index: int = 0
    phase_started_at: float = 0.0
    phase_ends_at: float | None = None
    position_index: int = 0
    started: tuple[int, ...] = ()
    finished: tuple[int, ...] = ()
    done: bool = False


class State(NamedTuple):
    status: Status = "idle"
    step_index: int | None = None
    history: tuple[int, ...] = ()  # the steps left so far, in order (not for going back)
    started_at: float | None = None
    ended_at: float | None = None
    end_reason: str | None = None
    end_message: str | None = None
    paused_at: float | None = None
    paused_total: float = 0.0
    step_entered_at: float = 0.0
    timer_ends_at: float | None = None
    timer_done: bool = False
    hold: HoldState | None = None
    pending: tuple[PendingReminder, ...] = ()
    every: tuple[EveryDue, ...] = ()
    say: str | None = None
    checked: tuple[tuple[str, frozenset[int]], ...] = ()
    ratings: tuple[tuple[str, tuple[tuple[int, Rating], ...]], ...] = ()
    notes: tuple[tuple[str, str], ...] = ()
    answers: tuple[tuple[str, bool], ...] = ()
    skipped: frozenset[str] = frozenset()
    review: str | None = None
    last_t: float = 0.0
    # While a reminder waits for acknowledgement, the step's clocks (timer,
    # stopwatch, hold) stand still from this moment; they shift on the ack.
    ack_since: float | None = None
    # A step with a lead-in waits for `Ready` before its timer or breaths count.
    waiting_ready: bool = False
    # Next is refused for a moment after this (a step entered, a reminder
    # acknowledged, ready said): the key press that began something cannot end it.
    guard_from: float = 0.0
    # The presenter blanked the class's projector view (`coach follow --projector`).
    projector_blank: bool = False

    @property
    def needs_ack(self) -> bool:
        return any(r.ack for r in self.pending)


TimerMode = Literal["up", "down"]


@dataclass(frozen=True, slots=True)
class TimerView:
    """The step's clock: counts up (open), down (timed, hold), or none."""

    mode: TimerMode | None
    seconds: float
    done: bool
    target: float | None  # suggested seconds (up) or the full duration (down)


@dataclass(frozen=True, slots=True)
class HoldView:
    positions: tuple[int, ...]  # clock hours, in order
    index: int
    hour: int
    next_hour: int | None  # None on the last position
    phase: Phase | None  # None once the hold is done
    phase_fraction: float  # 0..1 of the current phase
    phase_seconds_left: float
    breath: int  # 1-based; 0 during a transition
    breaths: int  # breaths at this position
    breaths_left: int  # breaths still to begin at this position, current one included
    depth: str
    in_transition: bool
    between_action: str
    done: bool
    seconds_left: float  # of the whole hold


@dataclass(frozen=True, slots=True)
class View:
    status: Status
    step: FlatStep | None
    label: str  # "Technique · 9 of 31"
    step_number: int  # 1-based; 0 before the start
    step_count: int
    active_seconds: float  # elapsed session time, pauses excluded
    paused_seconds: float
    timer: TimerView
    hold: HoldView | None
    reminders: tuple[PendingReminder, ...]
    say: str | None  # what the last check-in answer said on the way
    checked: frozenset[int]
    ratings: tuple[tuple[int, Rating], ...]
    note: str | None
    review: str | None
    can_start: bool
    can_next: bool
    can_back: bool
    can_skip: bool
    can_pause: bool
    can_resume: bool
    can_stop: bool
    can_finish: bool
    needs_answer: bool
    needs_ack: bool
    waiting_ready: bool  # a lead-in: the timer or breaths start on Ready (the Next key)
    stop_choices: tuple[str, ...]  # ("resume", "back", "end") while stopped, else ()
    next_deadline: float | None
    ended_reason: str | None
    end_message: str | None

    @property
    def elapsed(self) -> float:
        return self.active_seconds
