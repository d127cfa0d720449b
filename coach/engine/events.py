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
import types
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


def event_to_dict(event: Event) -> dict[str, Any]:
    """A JSON-safe dict with a ``"type"`` key naming the event class."""
    data: dict[str, Any] = {"type": type(event).__name__}
    for field in dataclasses.fields(event):
        value = getattr(event, field.name)
        data[field.name] = value.value if isinstance(value, Enum) else value
    return data


def event_from_dict(data: Any) -> Event:
    """The event a dict from `event_to_dict` describes; `EventError` if it is malformed."""
    return _read_plain(data)


def event_reader(ignore: Iterable[str] = ()) -> Callable[[Any], Event]:
    """`event_from_dict` that passes over the keys in `ignore` as if they were not there.

    The journal stores each event with a ``"wall"`` time beside its fields;
    reading it with ``event_reader({"wall"})`` spares a copy of every dict
    without the key, which a resume would make for each of its lines.
    """
    ignored = frozenset(ignore)
    # By type name: the keys a dict may have (the decoder's and `ignored`) and its builder.
    known: dict[str, tuple[frozenset[str], Callable[[dict[str, Any]], Event]]] = {}

    def read(data: Any) -> Event:
        if not isinstance(data, dict):
            raise EventError(f"an event must be a JSON object, not {type(data).__name__}")
        name = data.get("type")
        entry = known.get(name) if type(name) is str else None
        if entry is None:
            cls = EVENT_TYPES.get(name) if isinstance(name, str) else None
            if cls is None:
                raise EventError(f"unknown event type {name!r}")
            decoder = _DECODERS.get(cls) or _compile(cls)
            entry = known[name] = (decoder.allowed | ignored, decoder.build)
        keys, build = entry
        if not keys.issuperset(data):
            extra = sorted(set(data) - keys)
            raise EventError(f"{name}: unexpected field(s) {', '.join(extra)}")
        return build(data)

    return read


# Decoding runs once per journal line (a resume reads every line), so each event
# class gets its decoder worked out from its type hints once, on first use: per
# field a converter that gives the value to store or `_BAD`, and a function
# written out for the class (as `dataclasses` writes `__init__`) that checks the
# fields in order, with a fast path for the plain JSON types, and builds the event.
# It builds it as `__init__` would, minus the call: a bare instance whose slots
# are filled through their descriptors (a frozen `__init__` goes through
# `object.__setattr__` for each field, a third of the decoding time).

_BAD: Any = object()
Converter = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Decoder:
    allowed: frozenset[str]  # the field names and "type"
    build: Callable[[dict[str, Any]], Event]  # the checked fields -> the event, or EventError


_DECODERS: dict[type[Event], _Decoder] = {}


def _compile(cls: type[Event]) -> _Decoder:
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    decoder = _Decoder(frozenset({"type", *(f.name for f in fields)}), _builder(cls, hints))
    _DECODERS[cls] = decoder
    return decoder


def _slots_settable(cls: type[Event]) -> bool:
    """Whether an instance of `cls` is exactly its fields in slots (so `_builder` may fill them).

    True of every event here: frozen, slotted dataclasses whose `__init__` only
    stores the fields. A class with a `__post_init__` or without slots is made
    by its `__init__`.
    """
    return not hasattr(cls, "__post_init__") and all(
        isinstance(getattr(cls, f.name, None), types.MemberDescriptorType)
        for f in dataclasses.fields(cls)
    )


def _builder(cls: type[Event], hints: dict[str, Any]) -> Callable[[dict[str, Any]], Event]:
    name = cls.__name__
    env: dict[str, Any] = {"cls": cls, "_BAD": _BAD, "EventError": EventError}
    env["isfinite"] = math.isfinite
    env["new"] = object.__new__
    direct = _slots_settable(cls)
    body: list[str] = []
    positional: list[str] = []
    optional: list[tuple[str, str]] = []
    fill: list[str] = []  # with `direct`: the statements that fill the new instance
    for i, field in enumerate(dataclasses.fields(cls)):
        key, var, convert = repr(field.name), f"a{i}", f"convert{i}"
        env[convert] = _converter(hints[field.name])
        env[f"bad{i}"] = f"{name}: field {field.name!r} has a bad value "
        if direct:
            env[f"set{i}"] = getattr(cls, field.name).__set__
        fast = _fast_check(hints[field.name], "x", env, f"args{i}")
        body.append(f"    if {key} in data:")
        body.append(f"        x = data[{key}]")
        if fast:
            body.append(f"        if {fast}:")
            body.append(f"            {var} = x")
            body.append("        else:")
            indent = "            "
        else:
            indent = "        "
        body.append(f"{indent}{var} = {convert}(x)")
        body.append(f"{indent}if {var} is _BAD:")
        body.append(f"{indent}    raise EventError(bad{i} + repr(x))")
        if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            body.append("    else:")
            body.append(f"        raise EventError({f'{name}: missing field {field.name!r}'!r})")
            positional.append(var)
            fill.append(f"    set{i}(obj, {var})")
        else:  # fields with defaults come last; a missing one is left to its default
            body.append("    else:")
            body.append(f"        {var} = _BAD")
            optional.append((field.name, var))
            if field.default is not dataclasses.MISSING:
                env[f"default{i}"] = field.default
                fill.append(f"    set{i}(obj, default{i} if {var} is _BAD else {var})")
            else:
                env[f"factory{i}"] = field.default_factory
                fill.append(f"    set{i}(obj, factory{i}() if {var} is _BAD else {var})")
    if direct:
        body.append("    obj = new(cls)")
        body.extend(fill)
        body.append("    return obj")
    elif optional:
        body.append("    given = {}")
        for fname, var in optional:
            body.append(f"    if {var} is not _BAD:")
            body.append(f"        given[{fname!r}] = {var}")
        body.append(f"    return cls({''.join(v + ', ' for v in positional)}**given)")
    else:
        body.append(f"    return cls({', '.join(positional)})")
    source = "def build(data):\n" + "\n".join(body) + "\n"
    exec(compile(source, f"<decoder of {name}>", "exec"), env)  # our own text, from the hints
    build: Callable[[dict[str, Any]], Event] = env["build"]
    return build


def _fast_check(hint: Any, var: str, env: dict[str, Any], args_name: str) -> str | None:
    """A condition under which `_converter(hint)` would give `var` itself back, or None."""
    if hint is float:
        return f"type({var}) is float and isfinite({var})"
    if hint in (int, str, bool):
        return f"type({var}) is {hint.__name__}"
    if typing.get_origin(hint) is Literal and all(type(a) is str for a in typing.get_args(hint)):
        env[args_name] = typing.get_args(hint)
        return f"type({var}) is str and {var} in {args_name}"
    if typing.get_origin(hint) in (typing.Union, _UnionType) and set(typing.get_args(hint)) == {
        str,
        type(None),
    }:
        return f"type({var}) is str or {var} is None"
    return None


def _converter(hint: Any) -> Converter:
    """The check and conversion of one type hint: the stored value, or `_BAD`."""
    origin = typing.get_origin(hint)
    if origin is Literal:
        args = typing.get_args(hint)
        return partial(_to_literal, args)
    if origin in (typing.Union, _UnionType):
        options = tuple(_converter(arg) for arg in typing.get_args(hint))

        def first_fit(value: Any) -> Any:
            for option in options:
                result = option(value)
                if result is not _BAD:
                    return result
            return _BAD

        return first_fit
    if hint is type(None):
        return lambda value: None if value is None else _BAD
    if hint is bool:
        return lambda value: value if isinstance(value, bool) else _BAD
    if hint is int:
        return _to_int
    if hint is float:
        return _to_float
    if hint is str:
        return lambda value: value if isinstance(value, str) else _BAD
    if isinstance(hint, type) and issubclass(hint, Enum):
        return partial(_to_enum, hint)
    raise TypeError(f"no codec for {hint!r}")  # pragma: no cover - a bug in this module


def _to_literal(args: tuple[Any, ...], value: Any) -> Any:
    return value if value in args and isinstance(value, str | bool | int) else _BAD


def _to_int(value: Any) -> Any:
    return value if isinstance(value, int) and not isinstance(value, bool) else _BAD


def _to_float(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return _BAD


def _to_enum(enum: type[Enum], value: Any) -> Any:
    try:
        return enum(value)
    except ValueError:
        return _BAD


_UnionType = type(int | None)
_read_plain = event_reader()
