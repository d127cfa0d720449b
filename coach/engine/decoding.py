"""Journal dicts back into events, checked field by field.

A journal line is data from disk, not from this process: any field may be
missing, mistyped, huge or from a newer coach. `event_from_dict` turns a dict
into its event or raises one `EventError` that names the event type and the
field, never a bare KeyError or OverflowError.

Decoding is a dict of builders, one per event type, each reading its fields
with a checked getter (`_float`, `_str`, ...): the same few lines a person
would write, and the plainest fast way to turn the 100,000 lines of a long
journal into events. A new event is a new dataclass in `coach.engine.events`
and its builder here (the round-trip test of every event type catches a field
left out).
"""

from __future__ import annotations

import dataclasses
import math
import typing
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from coach.engine.events import (
    EVENT_TYPES,
    BreathPhaseChanged,
    CheckinAnswered,
    ChecklistToggled,
    EndReason,
    Event,
    EventError,
    HoldPositionFinished,
    HoldPositionStarted,
    LeadIn,
    LeaveReason,
    NoteWritten,
    Paused,
    Phase,
    ProjectorBlanked,
    Rated,
    Ready,
    Recovered,
    ReminderAcknowledged,
    ReminderShown,
    Resumed,
    ReviewSaved,
    RouteAction,
    SessionEnded,
    SessionStarted,
    StepEntered,
    StepLeft,
    StopOption,
    Stopped,
    StopResolved,
    TimerDone,
    TriggerName,
)
from coach.lesson.model import Rating


def event_from_dict(data: Any, ignore: Iterable[str] = ()) -> Event:
    """The event a dict from `event_to_dict` describes; `EventError` if it is malformed.

    Keys in `ignore` are passed over (the journal stores a ``"wall"`` time
    beside each event's fields).
    """
    if not isinstance(data, dict):
        raise EventError(f"an event must be a JSON object, not {type(data).__name__}")
    name = data.get("type")
    build = _BUILDERS.get(name) if isinstance(name, str) else None
    if build is None:
        shown = name[:40] if isinstance(name, str) else name
        raise EventError(f"unknown event type {shown!r}" if name is not None else "no event type")
    extra = data.keys() - _KEYS[name]
    if extra and not extra.issubset(ignore):
        fields = ", ".join(sorted(map(str, extra.difference(ignore))))[:80]
        raise EventError(f"{name}: unexpected field(s) {fields}")
    try:
        return build(data)
    except KeyError as exc:
        raise EventError(f"{name}: missing field {exc.args[0]!r}") from None
    except _BadValue as exc:
        raise EventError(f"{name}: field {exc.key!r} has a bad value {_short(exc.value)}") from None


def event_reader(ignore: Iterable[str] = ()) -> Callable[[Any], Event]:
    """`event_from_dict` that passes over the keys in `ignore`."""
    ignored = frozenset(ignore)
    return partial(event_from_dict, ignore=ignored)


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**30 else "(a huge number)"
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------- the builders


class _BadValue(Exception):
    """A field's value has the wrong type or is out of its set (caught in `event_from_dict`)."""

    def __init__(self, key: str, value: Any) -> None:
        super().__init__(key)
        self.key = key
        self.value = value


Raw = dict[str, Any]


def _float(data: Raw, key: str) -> float:
    """A finite number (an int is stored as a float); a bool is not a number here."""
    value = data[key]
    if type(value) is float and math.isfinite(value):
        return value
    if type(value) is int:
        try:
            number = float(value)
        except OverflowError:  # an int too large for a float
            raise _BadValue(key, value) from None
        if math.isfinite(number):
            return number
    raise _BadValue(key, value)


def _int(data: Raw, key: str) -> int:
    value = data[key]
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _BadValue(key, value)


def _bool(data: Raw, key: str) -> bool:
    value = data[key]
    if isinstance(value, bool):
        return value
    raise _BadValue(key, value)


def _str(data: Raw, key: str) -> str:
    value = data[key]
    if isinstance(value, str):
        return value
    raise _BadValue(key, value)


def _str_or_none(data: Raw, key: str) -> str | None:
    value = data[key]
    if value is None or isinstance(value, str):
        return value
    raise _BadValue(key, value)


def _one_of(data: Raw, key: str, allowed: frozenset[str]) -> Any:
    value = data[key]
    if isinstance(value, str) and value in allowed:
        return value
    raise _BadValue(key, value)


def _rating(data: Raw, key: str) -> Rating:
    value = data[key]
    try:
        return Rating(value)
    except ValueError:
        raise _BadValue(key, value) from None


def _names(literal: Any) -> frozenset[str]:
    return frozenset(typing.get_args(literal))


_PHASES = _names(Phase)
_LEAVE_REASONS = _names(LeaveReason)
_END_REASONS = _names(EndReason)
_ROUTE_ACTIONS = _names(RouteAction)
_TRIGGERS = _names(TriggerName)
_STOP_OPTIONS = _names(StopOption)

# One builder per event type, its fields in the dataclass's order (a field read
# with `data[key]` raises KeyError when it is missing: "missing field").
_BUILDERS: dict[str, Callable[[Raw], Event]] = {
    "SessionStarted": lambda d: SessionStarted(
        t=_float(d, "t"),
        lesson_id=_str(d, "lesson_id"),
        lesson_version=_str(d, "lesson_version"),
        step_count=_int(d, "step_count"),
    ),
    "StepEntered": lambda d: StepEntered(
        t=_float(d, "t"), step_id=_str(d, "step_id"), index=_int(d, "index")
    ),
    "StepLeft": lambda d: StepLeft(
        t=_float(d, "t"),
        step_id=_str(d, "step_id"),
        index=_int(d, "index"),
        reason=_one_of(d, "reason", _LEAVE_REASONS),
    ),
    "TimerDone": lambda d: TimerDone(t=_float(d, "t"), step_id=_str(d, "step_id")),
    "HoldPositionStarted": lambda d: HoldPositionStarted(
        t=_float(d, "t"),
        step_id=_str(d, "step_id"),
        position_index=_int(d, "position_index"),
        hour=_int(d, "hour"),
    ),
    "HoldPositionFinished": lambda d: HoldPositionFinished(
        t=_float(d, "t"),
        step_id=_str(d, "step_id"),
        position_index=_int(d, "position_index"),
        hour=_int(d, "hour"),
        breaths=_int(d, "breaths"),
    ),
    "BreathPhaseChanged": lambda d: BreathPhaseChanged(
        t=_float(d, "t"),
        step_id=_str(d, "step_id"),
        position_index=_int(d, "position_index"),
        breath=_int(d, "breath"),
        phase=_one_of(d, "phase", _PHASES),
    ),
    "ReminderShown": lambda d: ReminderShown(
        t=_float(d, "t"),
        key=_str(d, "key"),
        text=_str(d, "text"),
        ack=_bool(d, "ack"),
        trigger=_one_of(d, "trigger", _TRIGGERS),
        step_id=_str_or_none(d, "step_id"),
    ),
    "ReminderAcknowledged": lambda d: ReminderAcknowledged(t=_float(d, "t"), key=_str(d, "key")),
    "CheckinAnswered": lambda d: CheckinAnswered(
        t=_float(d, "t"),
        step_id=_str(d, "step_id"),
        question=_str(d, "question"),
        answer=_bool(d, "answer"),
        action=_one_of(d, "action", _ROUTE_ACTIONS),
        target=_str_or_none(d, "target"),
        say=_str_or_none(d, "say"),
    ),
    "ChecklistToggled": lambda d: ChecklistToggled(
        t=_float(d, "t"),
        step_id=_str(d, "step_id"),
        item=_int(d, "item"),
        checked=_bool(d, "checked"),
    ),
    "Rated": lambda d: Rated(
        t=_float(d, "t"),
        step_id=_str(d, "step_id"),
        item=_int(d, "item"),
        rating=_rating(d, "rating"),
    ),
    "NoteWritten": lambda d: NoteWritten(
        t=_float(d, "t"), step_id=_str(d, "step_id"), text=_str(d, "text")
    ),
    "Paused": lambda d: Paused(t=_float(d, "t")),
    "Resumed": lambda d: Resumed(t=_float(d, "t"), paused_seconds=_float(d, "paused_seconds")),
    "Stopped": lambda d: Stopped(t=_float(d, "t"), step_id=_str_or_none(d, "step_id")),
    "StopResolved": lambda d: StopResolved(
        t=_float(d, "t"), choice=_one_of(d, "choice", _STOP_OPTIONS)
    ),
    "ReviewSaved": lambda d: ReviewSaved(t=_float(d, "t"), text=_str(d, "text")),
    "SessionEnded": lambda d: SessionEnded(
        t=_float(d, "t"),
        reason=_one_of(d, "reason", _END_REASONS),
        message=_str_or_none(d, "message") if "message" in d else None,
    ),
    "LeadIn": lambda d: LeadIn(t=_float(d, "t"), step_id=_str(d, "step_id")),
    "Ready": lambda d: Ready(t=_float(d, "t"), step_id=_str(d, "step_id")),
    "Recovered": lambda d: Recovered(t=_float(d, "t"), message=_str(d, "message")),
    "ProjectorBlanked": lambda d: ProjectorBlanked(t=_float(d, "t"), on=_bool(d, "on")),
}
_KEYS: dict[str, frozenset[str]] = {
    name: frozenset({"type", *(f.name for f in dataclasses.fields(cls))})
    for name, cls in EVENT_TYPES.items()
}
"""The keys an event of each type may have: its fields and ``"type"``."""
