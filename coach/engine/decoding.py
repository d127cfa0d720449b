"""Journal dicts back into events, checked field by field.

A journal line is data from disk, not from this process: any field may be
missing, mistyped, huge or from a newer coach. `event_from_dict` turns a dict
into its event or raises one `EventError` that names the event type and the
field, never a bare KeyError or OverflowError.

Each event dataclass is read by a plan made once from its field types: for
every field, its name and the checked getter of its type (`_float`, `_str`,
a `Literal`'s set, ...). A new event is a new dataclass in
`coach.engine.events`; a field of a type with no getter here fails at import,
and the round-trip test of every event type catches the rest.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from coach.engine.events import EVENT_TYPES, Event, EventError
from coach.lesson.model import Rating


def event_from_dict(data: Any, ignore: Iterable[str] = ()) -> Event:
    """The event a dict from `event_to_dict` describes; `EventError` if it is malformed.

    Keys in `ignore` are passed over (the journal stores a ``"wall"`` time
    beside each event's fields).
    """
    if not isinstance(data, dict):
        raise EventError(f"an event must be a JSON object, not {type(data).__name__}")
    name = data.get("type")
    plan = _PLANS.get(name) if isinstance(name, str) else None
    if plan is None:
        shown = name[:40] if isinstance(name, str) else name
        raise EventError(f"unknown event type {shown!r}" if name is not None else "no event type")
    cls, fields, keys = plan
    extra = data.keys() - keys
    if extra and not extra.issubset(ignore):
        listed = ", ".join(sorted(map(str, extra.difference(ignore))))[:80]
        raise EventError(f"{name}: unexpected field(s) {listed}")
    try:
        values = [
            read(data, key) if key in data or default is _NO else default
            for key, read, default in fields
        ]
    except KeyError as exc:
        raise EventError(f"{name}: missing field {exc.args[0]!r}") from None
    except _BadValue as exc:
        raise EventError(f"{name}: field {exc.key!r} has a bad value {_short(exc.value)}") from None
    return cls(*values)


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**30 else "(a huge number)"
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------- the getters


class _BadValue(Exception):
    """A field's value has the wrong type or is out of its set (caught in `event_from_dict`)."""

    def __init__(self, key: str, value: Any) -> None:
        super().__init__(key)
        self.key = key
        self.value = value


Raw = dict[str, Any]
Read = Callable[[Raw, str], Any]


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


def _one_of(allowed: frozenset[str], data: Raw, key: str) -> Any:
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


_READ_BY_TYPE: dict[Any, Read] = {
    float: _float,
    int: _int,
    bool: _bool,
    str: _str,
    str | None: _str_or_none,
    Rating: _rating,
}
_NO = dataclasses.MISSING


def _reader(annotation: Any) -> Read:
    if typing.get_origin(annotation) is typing.Literal:
        return partial(_one_of, frozenset(typing.get_args(annotation)))
    return _READ_BY_TYPE[annotation]


def _plan(
    cls: type[Event],
) -> tuple[type[Event], tuple[tuple[str, Read, Any], ...], frozenset[str]]:
    """The event class, (field, getter, default when absent) in field order, and its keys."""
    hints = typing.get_type_hints(cls)
    fields = tuple((f.name, _reader(hints[f.name]), f.default) for f in dataclasses.fields(cls))
    return cls, fields, frozenset({"type", *(name for name, _, _ in fields)})


_PLANS = {name: _plan(cls) for name, cls in EVENT_TYPES.items()}
