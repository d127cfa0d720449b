"""The precompiled event decoder accepts, converts and refuses exactly as the plain
type-hint walk it replaced did, with the same error messages.

`_reference` below is that walk, kept here as the oracle: every event type gets
every field set to each of a spread of good and bad values, and both must give
the same event (same types) or the same `EventError` text.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from enum import Enum
from typing import Any, Literal

import pytest

from coach.engine import events as e
from coach.engine.events import EVENT_TYPES, EventError, event_from_dict
from coach.lesson.model import Rating

from .test_events import SAMPLES


def _match(hint: Any, value: Any) -> tuple[bool, Any]:
    origin = typing.get_origin(hint)
    if origin is Literal:
        return (value in typing.get_args(hint) and isinstance(value, str | bool | int)), value
    if origin in (typing.Union, type(int | None)):
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
    raise TypeError(f"no codec for {hint!r}")


def _reference(data: Any) -> e.Event:
    if not isinstance(data, dict):
        raise EventError(f"an event must be a JSON object, not {type(data).__name__}")
    name = data.get("type")
    cls = EVENT_TYPES.get(name) if isinstance(name, str) else None
    if cls is None:
        raise EventError(f"unknown event type {name!r}")
    hints = typing.get_type_hints(cls)
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
        ok, result = _match(hints[fname], data[fname])
        if not ok:
            raise EventError(f"{name}: field {fname!r} has a bad value {data[fname]!r}")
        values[fname] = result
    return cls(**values)


VALUES: list[Any] = [
    None, True, False, 0, 1, -3, 2**70, 0.0, 1.5, -2.25, float("nan"), float("inf"),
    float("-inf"), "", "x", "inhale", "exhale", "rest", "transition", "skip", "back",
    "finished", "checkin", "every", "between_positions", "resume", "end", "stop", "goto",
    "good", "bad", "GOOD", Rating.GOOD, [], [1], {}, {"a": 1}, (1,),
]  # fmt: skip


def _outcome(fn: Any, data: Any) -> tuple[str, Any]:
    try:
        event = fn(data)
    except EventError as exc:
        return "error", str(exc)
    fields = dataclasses.fields(event)
    return "event", (
        type(event),
        [(type(getattr(event, f.name)), getattr(event, f.name)) for f in fields],
    )


def _same(data: Any) -> None:
    got, want = _outcome(event_from_dict, data), _outcome(_reference, data)
    if got[0] == want[0] == "event":
        # nan != nan: compare the reprs of the values, with their types
        assert repr(got) == repr(want)
    else:
        assert got == want


def _base(cls: type[e.Event]) -> dict[str, Any]:
    sample = next(s for s in SAMPLES if type(s) is cls)
    return e.event_to_dict(sample)


@pytest.mark.parametrize("name", sorted(EVENT_TYPES))
def test_every_field_decodes_like_the_reference(name: str) -> None:
    base = _base(EVENT_TYPES[name])
    _same(base)
    for field in base:
        if field == "type":
            continue
        for value in VALUES:
            _same({**base, field: value})
        missing = dict(base)
        del missing[field]
        _same(missing)


@pytest.mark.parametrize(
    "data",
    [
        [],
        "Paused",
        None,
        {},
        {"type": None},
        {"type": 3, "t": 1.0},
        {"type": "Exploded", "t": 1.0},
        {"type": "Paused"},
        {"type": "Paused", "t": 1, "x": 1, "a": 2},
        {"type": "Paused", "x": 1},
        {"type": "SessionEnded", "t": 1, "reason": "finished"},
        {"type": "SessionEnded", "t": 1, "reason": "finished", "message": None},
        {"type": "SessionEnded", "t": 1, "message": "m"},
        {"type": "Stopped", "t": 2},
        {"type": "Rated", "t": 1.0, "step_id": "a", "item": 0, "rating": "great"},
    ],
)
def test_whole_dicts_decode_like_the_reference(data: Any) -> None:
    _same(data)


def test_ints_become_floats_and_enums_their_members() -> None:
    event = event_from_dict({"type": "Rated", "t": 3, "step_id": "f", "item": 1, "rating": "good"})
    assert type(event.t) is float
    assert isinstance(event, e.Rated) and event.rating is Rating.GOOD
