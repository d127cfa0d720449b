"""The engine's fast paths give exactly what the plain code they stand in for gives."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from typing import Any

import pytest

from coach.engine import pacer
from coach.engine.machine import _get, _hold_plan, _put, _replace, flat_steps
from coach.engine.pacer import hold_plan, hold_schedule, phase_index
from coach.engine.state import EveryDue, HoldState, PendingReminder, State
from coach.lesson.model import HoldPosition, HoldStep, Pace
from coach.lesson.validate import build

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


def test_replace_refuses_a_field_that_is_not_there() -> None:
    with pytest.raises(TypeError, match="no field"):
        _replace(_STATE, stauts="ended")
    with pytest.raises(TypeError, match="no field"):
        _replace(HoldState(), phase="inhale")


# --------------------------------------------------------------------------- hold plans


def _hold_step(**kw: object) -> HoldStep:
    base: dict[str, object] = {
        "kind": "hold",
        "title": "H",
        "depth": "surface",
        "positions": [12, 3, 6],
    }
    base.update(kw)
    return build(HoldStep, base)


_STEPS = [
    _hold_step(breaths=2),
    _hold_step(
        breaths=3,
        positions=[
            HoldPosition(at=12, breaths=1),
            HoldPosition(at=3),
            HoldPosition(at=9, breaths=4),
        ],
    ),
    _hold_step(breaths=1, positions=[6]),
]
_PACES = [Pace(inhale=4, exhale=6, rest=2), Pace()]
_PHASES = ["inhale", "exhale", "rest", "transition", "hold"]


def _index_or_error(fn: Callable[..., int], *args: object) -> tuple[str, object]:
    try:
        return "index", fn(*args)
    except (ValueError, TypeError) as exc:
        return type(exc).__name__, str(exc)


@pytest.mark.parametrize("step", _STEPS)
@pytest.mark.parametrize("pace", _PACES)
def test_hold_plan_agrees_with_the_arithmetic(step: HoldStep, pace: Pace) -> None:
    plan = hold_plan(step, pace)
    assert plan.schedule == hold_schedule(step, pace)
    for position in (-1, 0, 1, 2, 3, True, 1.0):
        for breath in (-1, 0, 1, 2, 3, 4, 5, False, True, 2.0):
            for phase in _PHASES:
                fast = _index_or_error(plan.phase_index, position, breath, phase)
                slow = _index_or_error(phase_index, step, pace, position, breath, phase)
                assert fast == slow, (position, breath, phase)
                if fast[0] == "index":
                    assert type(fast[1]) is type(slow[1])


def test_hold_plan_is_cached_by_identity_not_by_equality() -> None:
    step, pace = _STEPS[0], _PACES[0]
    assert hold_plan(step, pace) is hold_plan(step, pace)
    twin = _hold_step(breaths=2)
    assert twin == step and twin is not step
    assert hold_plan(twin, pace) is not hold_plan(step, pace)
    assert hold_plan(twin, pace).schedule == hold_plan(step, pace).schedule
    other_pace = Pace(inhale=4, exhale=6, rest=2)
    assert hold_plan(step, other_pace) is not hold_plan(step, pace)
    assert (
        hold_plan(step, other_pace).step is step and hold_plan(step, other_pace).pace is other_pace
    )
    assert hold_plan(step, _PACES[1]).schedule == hold_schedule(step, _PACES[1])


def test_hold_plans_are_bounded_and_never_confuse_steps() -> None:
    pace = _PACES[0]
    for n in range(1, 400):  # each step dies after its turn: ids get reused
        step = _hold_step(breaths=n % 5 + 1, positions=[12] * (n % 3 + 1))
        assert hold_plan(step, pace).schedule == hold_schedule(step, pace)
        assert len(pacer._PLANS) <= pacer._PLANS_KEPT


# --------------------------------------------------------------------------- sorted pairs


def _put_reference(
    pairs: tuple[tuple[Any, Any], ...], key: Any, value: Any
) -> tuple[tuple[Any, Any], ...]:
    kept = [(k, v) for k, v in pairs if k != key]
    if value is not None:
        kept.append((key, value))
    return tuple(sorted(kept, key=lambda kv: kv[0]))


def _get_reference(pairs: tuple[tuple[Any, Any], ...], key: Any) -> Any:
    for k, v in pairs:
        if k == key:
            return v
    return None


@pytest.mark.parametrize(
    "keys", [[f"s.{n}" for n in range(12)] + ["a", "z", ""], list(range(-3, 12))]
)
def test_put_and_get_agree_with_a_plain_scan_and_sort(keys: list[Any]) -> None:
    rng = random.Random(8)
    fast: tuple[tuple[Any, Any], ...] = ()
    slow: tuple[tuple[Any, Any], ...] = ()
    for _ in range(2000):
        key = rng.choice(keys)
        value = rng.choice([None, None, "x", "y", 0, frozenset({1}), ("r", 1)])
        fast, slow = _put(fast, key, value), _put_reference(slow, key, value)
        assert fast == slow
        probe = rng.choice(keys)
        assert _get(fast, probe) == _get_reference(slow, probe)


# --------------------------------------------------------------------------- plans per lesson


def test_each_lesson_and_step_gets_its_own_plan() -> None:
    from coach.engine import EngineError, replay
    from coach.engine import events as ev
    from coach.lesson import load_lesson_text

    from .helpers import MAIN

    slow = load_lesson_text(MAIN)
    fast = load_lesson_text(
        MAIN.replace("pace: {inhale: 2, exhale: 3}", "pace: {inhale: 1, exhale: 1}")
    )
    hold = next(fs for fs in flat_steps(slow) if fs.id == "hold").index
    events = [
        ev.SessionStarted(0.0, "t", "1", len(flat_steps(slow))),
        ev.StepEntered(0.0, "hold", hold),
        ev.HoldPositionStarted(0.0, "hold", 0, 12),
        ev.BreathPhaseChanged(0.0, "hold", 0, 1, "inhale"),
    ]
    # The same events and step index, two lessons: each its own pace, both before and after.
    for _ in range(2):
        assert replay(slow, events).hold.phase_ends_at == 2.0  # type: ignore[union-attr]
        assert replay(fast, events).hold.phase_ends_at == 1.0  # type: ignore[union-attr]
    assert _hold_plan(slow, replay(slow, events)) is _hold_plan(slow, replay(slow, events))
    assert _hold_plan(slow, replay(slow, events)) is not _hold_plan(fast, replay(fast, events))
    # Not in a hold: still refused, whatever was cached for other steps.
    outside = [
        *events[:1],
        ev.StepEntered(0.0, "intro", 0),
        ev.BreathPhaseChanged(1.0, "hold", 0, 1, "exhale"),
    ]
    with pytest.raises(EngineError, match="outside a hold step"):
        replay(slow, outside)


def test_hold_plan_time_left_matches_the_schedule() -> None:
    from coach.engine.pacer import hold_plan
    from coach.lesson import load_lesson

    from ..conftest import LESSONS

    for path in sorted(LESSONS.glob("*.yaml")):
        lsn = load_lesson(path)
        for flat in lsn.flat_steps():
            if flat.step.kind != "hold":
                continue
            plan = hold_plan(flat.step, flat.step.pace or lsn.pace)
            seconds = [p.seconds for p in plan.schedule]
            assert plan.total == pytest.approx(sum(seconds))
            for i in range(len(seconds)):
                assert plan.after[i] == pytest.approx(sum(seconds[i + 1 :]))
