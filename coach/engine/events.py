"""What happened in a session, as plain values with their session time.

A session *is* its list of events: the journal appends them as JSON lines,
`replay` folds them back into the exact state, export reads them. So every
event is a small frozen dataclass of JSON-safe fields, and `event_to_dict` /
`event_from_dict` round-trip exactly (a bad journal line fails with a clear
`EventError`, never a bare KeyError).
"""

from __future__ import annotations

import dataclasses
import math
import typing
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
        Recovered,
    )
}

_HINTS: dict[type[Event], dict[str, Any]] = {
    cls: typing.get_type_hints(cls) for cls in EVENT_TYPES.values()
}


def event_to_dict(event: Event) -> dict[str, Any]:
    """A JSON-safe dict with a ``"type"`` key naming the event class."""
    data: dict[str, Any] = {"type": type(event).__name__}
    for field in dataclasses.fields(event):
        value = getattr(event, field.name)
        data[field.name] = value.value if isinstance(value, Enum) else value
    return data


def event_from_dict(data: Any) -> Event:
    """The event a dict from `event_to_dict` describes; `EventError` if it is malformed."""
    if not isinstance(data, dict):
        raise EventError(f"an event must be a JSON object, not {type(data).__name__}")
    name = data.get("type")
    cls = EVENT_TYPES.get(name) if isinstance(name, str) else None
    if cls is None:
        raise EventError(f"unknown event type {name!r}")
    hints = _HINTS[cls]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    extra = sorted(set(data) - set(fields) - {"type"})
    if extra:
        raise EventError(f"{name}: unexpected field(s) {', '.join(extra)}")
    values: dict[str, Any] = {}
    for fname, field in fields.items():
        if fname not in data:
            if field.default is not dataclasses.MISSING:
                continue
            raise EventError(f"{name}: missing field {fname!r}")
        values[fname] = _coerce(name, fname, hints[fname], data[fname])
    return cls(**values)


def _coerce(event: str, field: str, hint: Any, value: Any) -> Any:
    ok, result = _match(hint, value)
    if not ok:
        raise EventError(f"{event}: field {field!r} has a bad value {value!r}")
    return result


def _match(hint: Any, value: Any) -> tuple[bool, Any]:
    origin = typing.get_origin(hint)
    if origin is Literal:
        return (value in typing.get_args(hint) and isinstance(value, str | bool | int)), value
    if origin in (typing.Union, _UnionType):
        for arg in typing.get_args(hint):
            ok, result = _match(arg, value)
            if ok:
                return True, result
        return False, None
    if hint is type(None):
        return value is None, None
    if hint is bool:
        return isinstance(value, bool), value
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool), value
    if hint is float:
        good = isinstance(value, int | float) and not isinstance(value, bool)
        return (good and math.isfinite(value)), (float(value) if good else None)
    if hint is str:
        return isinstance(value, str), value
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return True, hint(value)
        except ValueError:
            return False, None
    raise TypeError(f"no codec for {hint!r}")  # pragma: no cover - a bug in this module


_UnionType = type(int | None)
