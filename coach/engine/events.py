"""What happened in a session, as plain values with their session time.

A session *is* its list of events: the journal appends them as JSON lines,
`replay` folds them back into the exact state, export reads them. So every
event is a small frozen dataclass of JSON-safe fields, and `event_to_dict` /
`event_from_dict` round-trip exactly (a bad journal line fails with a clear
`EventError`, never a bare KeyError).

Decoding is one loop over a table made once from the classes' fields and type
hints: per field its name, a check that gives the value to store (or `_BAD`),
and its default. No code is generated; a new event is a new dataclass here.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import partial
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


def event_from_dict(data: Any, ignore: Iterable[str] = ()) -> Event:
    """The event a dict from `event_to_dict` describes; `EventError` if it is malformed.

    Keys in `ignore` are passed over (the journal stores a ``"wall"`` time
    beside each event's fields).
    """
    if not isinstance(data, dict):
        raise EventError(f"an event must be a JSON object, not {type(data).__name__}")
    name = data.get("type")
    cls = EVENT_TYPES.get(name) if isinstance(name, str) else None
    if cls is None:
        shown = name[:40] if isinstance(name, str) else name
        raise EventError(f"unknown event type {shown!r}" if name is not None else "no event type")
    table = _TABLES[cls]
    extra = [k for k in data if k != "type" and k not in table.names and k not in ignore]
    if extra:
        raise EventError(f"{name}: unexpected field(s) {', '.join(sorted(map(str, extra)))[:80]}")
    values: dict[str, Any] = {}
    for field in table.fields:
        if field.name not in data:
            if field.required:
                raise EventError(f"{name}: missing field {field.name!r}")
            continue
        raw = data[field.name]
        value = field.convert(raw)
        if value is _BAD:
            raise EventError(f"{name}: field {field.name!r} has a bad value {_short(raw)}")
        values[field.name] = value
    return cls(**values)


def event_reader(ignore: Iterable[str] = ()) -> Callable[[Any], Event]:
    """`event_from_dict` that passes over the keys in `ignore`."""
    ignored = frozenset(ignore)
    return partial(event_from_dict, ignore=ignored)


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**30 else "(a huge number)"
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------- the table

_BAD: Any = object()
Converter = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    convert: Converter  # the raw JSON value -> the value to store, or `_BAD`
    required: bool


@dataclass(frozen=True, slots=True)
class _Table:
    fields: tuple[_Field, ...]
    names: frozenset[str]


def _table(cls: type[Event]) -> _Table:
    hints = typing.get_type_hints(cls)
    fields = tuple(
        _Field(
            f.name,
            _converter(hints[f.name]),
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
        )
        for f in dataclasses.fields(cls)
    )
    return _Table(fields, frozenset(f.name for f in fields))


def _converter(hint: Any) -> Converter:
    """The check and conversion of one type hint: the stored value, or `_BAD`."""
    origin = typing.get_origin(hint)
    if origin is Literal:
        return partial(_to_literal, typing.get_args(hint))
    if origin in (typing.Union, _UnionType):
        options = tuple(_converter(arg) for arg in typing.get_args(hint))
        return partial(_first_fit, options)
    if hint is type(None):
        return _to_none
    if hint is bool:
        return _to_bool
    if hint is int:
        return _to_int
    if hint is float:
        return _to_float
    if hint is str:
        return _to_str
    if isinstance(hint, type) and issubclass(hint, Enum):
        return partial(_to_enum, hint)
    raise TypeError(f"no codec for {hint!r}")  # pragma: no cover - a bug in this module


def _first_fit(options: tuple[Converter, ...], value: Any) -> Any:
    for option in options:
        result = option(value)
        if result is not _BAD:
            return result
    return _BAD


def _to_literal(args: tuple[Any, ...], value: Any) -> Any:
    return value if isinstance(value, str) and value in args else _BAD


def _to_none(value: Any) -> Any:
    return None if value is None else _BAD


def _to_bool(value: Any) -> Any:
    return value if isinstance(value, bool) else _BAD


def _to_str(value: Any) -> Any:
    return value if isinstance(value, str) else _BAD


def _to_int(value: Any) -> Any:
    return value if isinstance(value, int) and not isinstance(value, bool) else _BAD


def _to_float(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _BAD
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        return _BAD
    return number if math.isfinite(number) else _BAD


def _to_enum(enum: type[Enum], value: Any) -> Any:
    try:
        return enum(value)
    except ValueError:
        return _BAD


_UnionType = type(int | None)
_TABLES: dict[type[Event], _Table] = {cls: _table(cls) for cls in EVENT_TYPES.values()}
