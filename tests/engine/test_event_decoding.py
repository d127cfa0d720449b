"""The journal's event decoder: every good dict round-trips, every bad one is one clear
`EventError` (never a bare KeyError, OverflowError or a huge message)."""

from __future__ import annotations

from typing import Any

import pytest

from coach.engine import events as e
from coach.engine.decoding import event_from_dict
from coach.engine.events import EventError

from .test_events import SAMPLES

WALL = "2026-11-25T14:23:01.250+01:00"


@pytest.mark.parametrize("event", SAMPLES, ids=lambda ev: type(ev).__name__)
def test_every_event_round_trips_and_ignores_the_wall_time(event: e.Event) -> None:
    data = e.event_to_dict(event)
    assert event_from_dict(data) == event
    assert event_from_dict({**data, "wall": WALL}, ignore=("wall",)) == event


BAD: list[tuple[Any, str]] = [
    ([], "must be a JSON object"),
    ({}, "no event type"),
    ({"type": 3}, "unknown event type 3"),
    ({"type": "Exploded", "t": 1.0}, "unknown event type 'Exploded'"),
    ({"type": "Paused"}, "Paused: missing field 't'"),
    ({"type": "Paused", "t": "1"}, "Paused: field 't' has a bad value '1'"),
    ({"type": "Paused", "t": True}, "field 't' has a bad value True"),
    ({"type": "Paused", "t": float("nan")}, "field 't' has a bad value nan"),
    ({"type": "Paused", "t": 10**5000}, "field 't' has a bad value (a huge number)"),
    ({"type": "Paused", "t": 1.0, "z": 1, "a": 2}, r"Paused: unexpected field(s) a, z"),
    ({"type": "StepLeft", "t": 1, "step_id": "a", "index": 0, "reason": "fled"}, "'reason'"),
    ({"type": "Rated", "t": 1, "step_id": "a", "item": 0, "rating": "great"}, "'rating'"),
    ({"type": "StepEntered", "t": 1, "step_id": "a", "index": 1.5}, "'index'"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_a_bad_dict_is_one_clear_error(data: Any, message: str) -> None:
    with pytest.raises(EventError) as info:
        event_from_dict(data)
    assert message in str(info.value)
    assert len(str(info.value)) < 200


def test_an_int_time_is_stored_as_a_float_and_a_missing_default_is_filled() -> None:
    event = event_from_dict({"type": "SessionEnded", "t": 1, "reason": "finished"})
    assert event == e.SessionEnded(1.0, "finished") and isinstance(event.t, float)
    assert event.message is None  # type: ignore[attr-defined]
