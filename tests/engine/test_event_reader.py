"""`event_reader(ignore)` reads a stored dict exactly as `event_from_dict` reads it
without the ignored keys, and the events the decoder fills in slot by slot are
the events their constructor makes."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pytest

from coach.engine import events as e
from coach.engine.events import EVENT_TYPES, EventError, event_from_dict, event_reader

from .test_event_decoder import VALUES
from .test_events import SAMPLES

WALL = "2026-11-25T14:23:01.250+01:00"


def _outcome(fn: Any, data: Any) -> tuple[str, Any]:
    try:
        event = fn(data)
    except EventError as exc:
        return "error", str(exc)
    return "event", repr(event)  # nan != nan; the repr shows every field


def _without(data: Any, keys: tuple[str, ...]) -> Any:
    if not isinstance(data, dict):
        return data
    return {k: v for k, v in data.items() if k not in keys}


def _cases() -> list[Any]:
    cases: list[Any] = [[], None, "Paused", {}, {"type": 3}, {"type": "Exploded", "t": 1.0}]
    for sample in SAMPLES:
        base = e.event_to_dict(sample)
        cases.append(base)
        for field in base:
            if field != "type":
                cases.extend({**base, field: value} for value in VALUES[::3])
                cases.append({k: v for k, v in base.items() if k != field})
        cases.append({**base, "extra": 1})
    return cases


@pytest.mark.parametrize("ignore", [(), ("wall",), ("wall", "seq")])
def test_a_reader_is_event_from_dict_without_the_ignored_keys(ignore: tuple[str, ...]) -> None:
    read = event_reader(ignore)
    for data in _cases():
        for stored in (data, {**data, "wall": WALL} if isinstance(data, dict) else data):
            got = _outcome(read, stored)
            assert got == _outcome(event_from_dict, _without(stored, ignore)), stored
            if isinstance(stored, dict):
                assert "wall" not in stored or stored["wall"] == WALL  # left as it was


def test_an_unexpected_field_is_named_without_the_ignored_ones() -> None:
    read = event_reader(("wall",))
    with pytest.raises(EventError, match=r"^Paused: unexpected field\(s\) a, z$"):
        read({"type": "Paused", "t": 1.0, "wall": WALL, "z": 1, "a": 2})


@pytest.mark.parametrize("event", SAMPLES, ids=lambda ev: type(ev).__name__)
def test_decoded_events_are_the_constructed_ones(event: e.Event) -> None:
    back = event_reader(("wall",))({**e.event_to_dict(event), "wall": WALL})
    built = type(event)(**{f.name: getattr(event, f.name) for f in dataclasses.fields(event)})
    assert type(back) is type(event)
    assert back == built and hash(back) == hash(built) and repr(back) == repr(built)
    assert pickle.loads(pickle.dumps(back)) == built
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.t = 0.0  # type: ignore[misc]


def test_a_missing_field_with_a_default_gets_the_default() -> None:
    event = event_from_dict({"type": "SessionEnded", "t": 1, "reason": "finished"})
    assert event == e.SessionEnded(1.0, "finished") and event.message is None  # type: ignore[attr-defined]


def test_classes_the_decoder_cannot_fill_are_built_by_their_constructor() -> None:
    @dataclasses.dataclass(frozen=True)  # no slots: filled by its __init__
    class Plain(e.Event):
        text: str
        tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked(e.Event):
        text: str
        seen: list[str] = dataclasses.field(default_factory=list)

        def __post_init__(self) -> None:
            self.seen.append(self.text)

    assert not e._slots_settable(Plain) and not e._slots_settable(Checked)
    assert all(e._slots_settable(cls) for cls in EVENT_TYPES.values())
    hints = {"t": float, "text": str, "tags": str, "seen": str}
    plain = e._builder(Plain, hints)({"t": 1, "text": "x"})
    assert plain == Plain(1.0, "x") and plain.tags == ()
    checked = e._builder(Checked, hints)({"t": 1, "text": "x"})
    assert checked.seen == ["x"]
