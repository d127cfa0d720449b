"""The engine's fast paths give exactly what the plain code they stand in for gives."""

from __future__ import annotations

import dataclasses

import pytest

from coach.engine.machine import _replace
from coach.engine.state import EveryDue, HoldState, PendingReminder, State

_STATE = State(
    status="running",
    step_index=3,
    history=(0, 1, 2),
    started_at=1.0,
    paused_total=2.5,
    hold=HoldState(phase_index=4, phase_ends_at=9.0, started=(0,)),
    pending=(PendingReminder("k", "text", True, "before", "s", 4.0),),
    every=(EveryDue("e", "text", False, None, 60.0, 61.0),),
    checked=(("s", frozenset({1, 2})),),
    skipped=frozenset({"x"}),
    last_t=7.0,
    ack_since=5.0,
)


@pytest.mark.parametrize(
    ("obj", "changes"),
    [
        (_STATE, {}),
        (_STATE, {"last_t": 8.0}),
        (_STATE, {"last_t": 8.0, "status": "paused", "paused_at": 8.0, "hold": None}),
        (_STATE, {name: None for name in ("step_index", "started_at", "ack_since")}),
        (State(), {"skipped": frozenset({"a"}), "review": "r"}),
        (HoldState(), {"phase_index": 2, "done": True, "finished": (0, 1)}),
        (EveryDue("e", "t", True, "s", 60.0, 61.0), {"due": 121.0}),
    ],
)
def test_replace_is_dataclasses_replace(obj: object, changes: dict[str, object]) -> None:
    fast = _replace(obj, **changes)  # type: ignore[type-var]
    slow = dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    assert type(fast) is type(slow)
    assert fast == slow
    assert fast is not obj
    for f in dataclasses.fields(slow):  # type: ignore[arg-type]
        assert getattr(fast, f.name) is getattr(slow, f.name)


def test_replace_leaves_the_original_alone() -> None:
    before = dataclasses.replace(_STATE)
    _replace(_STATE, status="ended", every=())
    assert before == _STATE
    with pytest.raises(dataclasses.FrozenInstanceError):
        _replace(_STATE).status = "idle"  # type: ignore[misc]
