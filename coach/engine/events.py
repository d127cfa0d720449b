"""What happened in a session, as plain values with their session time.

A session *is* its list of events: the journal appends them as JSON lines,
`replay` folds them back into the exact state, export reads them. So every
event is a small frozen dataclass of JSON-safe fields, and `event_to_dict` /
`event_from_dict` (in `coach.engine.decoding`) round-trip exactly (a bad
journal line fails with a clear `EventError`, never a bare KeyError).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from coach.errors import CoachError
from coach.lesson.model import Rating

Phase = Literal["inhale", "exhale", "rest", "transition"]
LeaveReason = Literal[
    "next", "back", "jump", "skip", "timer", "checkin", "finish", "stopped", "restart"
]
EndReason = Literal["finished", "stopped", "checkin"]
RouteAction = Literal["continue", "repeat", "goto", "stop"]
TriggerName = Literal["before", "after", "between_positions", "every"]
StopOption = Literal["resume", "back", "end"]


class EventError(CoachError):
    """A stored event could not be read back."""


@dataclass(frozen=True, slots=True)
class Event:
    """Base of every event: `t` is session time in seconds."""

    t: float


@dataclass(frozen=True, slots=True)
class SessionStarted(Event):
    lesson_id: str
    lesson_version: str
    step_count: int


@dataclass(frozen=True, slots=True)
class StepEntered(Event):
    step_id: str
    index: int


@dataclass(frozen=True, slots=True)
class StepLeft(Event):
    step_id: str
    index: int
    reason: LeaveReason


@dataclass(frozen=True, slots=True)
class TimerDone(Event):
    step_id: str


@dataclass(frozen=True, slots=True)
class HoldPositionStarted(Event):
    step_id: str
    position_index: int
    hour: int


@dataclass(frozen=True, slots=True)
class HoldPositionFinished(Event):
    step_id: str
    position_index: int
    hour: int
    breaths: int


@dataclass(frozen=True, slots=True)
class BreathPhaseChanged(Event):
    """A new phase begins; `breath` is 1-based, 0 for the transition phase."""

    step_id: str
    position_index: int
    breath: int
    phase: Phase


@dataclass(frozen=True, slots=True)
class ReminderShown(Event):
    key: str
    text: str
    ack: bool
    trigger: TriggerName
    step_id: str | None


@dataclass(frozen=True, slots=True)
class ReminderAcknowledged(Event):
    key: str


@dataclass(frozen=True, slots=True)
class CheckinAnswered(Event):
    step_id: str
    question: str
    answer: bool
    action: RouteAction
    target: str | None
    say: str | None


@dataclass(frozen=True, slots=True)
class ChecklistToggled(Event):
    step_id: str
    item: int
    checked: bool


@dataclass(frozen=True, slots=True)
class Rated(Event):
    step_id: str
    item: int
    rating: Rating


@dataclass(frozen=True, slots=True)
class NoteWritten(Event):
    step_id: str
    text: str


@dataclass(frozen=True, slots=True)
class Paused(Event):
    pass


@dataclass(frozen=True, slots=True)
class Resumed(Event):
    paused_seconds: float


@dataclass(frozen=True, slots=True)
class Stopped(Event):
    step_id: str | None


@dataclass(frozen=True, slots=True)
class StopResolved(Event):
    choice: StopOption


@dataclass(frozen=True, slots=True)
class ReviewSaved(Event):
    text: str


@dataclass(frozen=True, slots=True)
class SessionEnded(Event):
    reason: EndReason
    message: str | None = None


@dataclass(frozen=True, slots=True)
class LeadIn(Event):
    """A step with a lead-in was entered: its timer or breaths wait for `Ready`.

    Journals from before lead-ins have none of these: their timers and holds
    started when the step was entered, and they replay that way.
    """

    step_id: str


@dataclass(frozen=True, slots=True)
class Ready(Event):
    """The person said they are ready: the step's timer or first breath starts now."""

    step_id: str


@dataclass(frozen=True, slots=True)
class ProjectorBlanked(Event):
    """The presenter blanked (`on`) or restored the projector; nothing else changes.

    Journals without it were never blanked.
    """

    on: bool


@dataclass(frozen=True, slots=True)
class Recovered(Event):
    """The session was picked up again after the app stopped without ending it."""

    message: str


EVENT_TYPES: dict[str, type[Event]] = {
    cls.__name__: cls
    for cls in (
        SessionStarted,
        StepEntered,
        StepLeft,
        TimerDone,
        HoldPositionStarted,
        HoldPositionFinished,
        BreathPhaseChanged,
        ReminderShown,
        ReminderAcknowledged,
        CheckinAnswered,
        ChecklistToggled,
        Rated,
        NoteWritten,
        Paused,
        Resumed,
        Stopped,
        StopResolved,
        ReviewSaved,
        SessionEnded,
        LeadIn,
        Ready,
        Recovered,
        ProjectorBlanked,
    )
}


def event_to_dict(event: Event) -> dict[str, Any]:
    """A JSON-safe dict with a ``"type"`` key naming the event class."""
    data: dict[str, Any] = {"type": type(event).__name__}
    for field in dataclasses.fields(event):
        value = getattr(event, field.name)
        data[field.name] = value.value if isinstance(value, Enum) else value
    return data
