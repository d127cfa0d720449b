"""The breath arithmetic that the engine's deadlines and the UI's pacer share."""

from __future__ import annotations

import pytest

from coach.engine.pacer import (
    breath_phases,
    hold_plan,
    hold_schedule,
    phase_index,
)
from coach.lesson.model import Between, HoldPosition, HoldStep, Pace, planned_seconds
from coach.lesson.validate import build

PACE = Pace(inhale=4, exhale=6, rest=2)


def test_no_rest_phase_when_rest_is_zero() -> None:
    assert [p for p, _ in breath_phases(Pace())] == ["inhale", "exhale"]


def _hold(**kw: object) -> HoldStep:
    base: dict[str, object] = {"kind": "hold", "title": "H", "depth": "surface", "positions": [12, 3, 6]}
    base.update(kw)
    return build(HoldStep, base)


def test_schedule_shape_and_planned_seconds() -> None:
    step = _hold(breaths=2, positions=[HoldPosition(at=12), HoldPosition(at=3, breaths=1), HoldPosition(at=6)],
                 between=Between(seconds=5))
    schedule = hold_schedule(step, PACE)
    assert [(p.position_index, p.breath, p.phase) for p in schedule] == [
        (0, 1, "inhale"), (0, 1, "exhale"), (0, 1, "rest"),
        (0, 2, "inhale"), (0, 2, "exhale"), (0, 2, "rest"),
        (0, 0, "transition"),
        (1, 1, "inhale"), (1, 1, "exhale"), (1, 1, "rest"),
        (1, 0, "transition"),
        (2, 1, "inhale"), (2, 1, "exhale"), (2, 1, "rest"),
        (2, 2, "inhale"), (2, 2, "exhale"), (2, 2, "rest"),
    ]
    assert sum(p.seconds for p in schedule) == planned_seconds(step, PACE) == 5 * 12 + 2 * 5
    for i, p in enumerate(schedule):
        assert phase_index(step, PACE, p.position_index, p.breath, p.phase) == i


@pytest.mark.parametrize(
    ("position", "breath", "phase"),
    [(3, 1, "inhale"), (2, 0, "transition"), (0, 3, "inhale"), (0, 1, "hold")],
)
def test_phase_index_rejects_what_is_not_there(position: int, breath: int, phase: str) -> None:
    with pytest.raises(ValueError):
        phase_index(_hold(breaths=2), PACE, position, breath, phase)  # type: ignore[arg-type]


@pytest.mark.parametrize("pace", [PACE, Pace()], ids=["with-rest", "no-rest"])
@pytest.mark.parametrize("breaths", [(2, 1, 3), (1,), (3, 1, 2)], ids=str)
def test_a_plans_lookup_agrees_with_the_arithmetic(pace: Pace, breaths: tuple[int, ...]) -> None:
    positions = [HoldPosition(at=h, breaths=b) for h, b in zip((12, 3, 6), breaths, strict=False)]
    step = _hold(breaths=2, positions=positions)
    plan = hold_plan(step, pace)
    assert plan.schedule == hold_schedule(step, pace)
    for i, p in enumerate(plan.schedule):
        assert plan.phase_index(p.position_index, p.breath, p.phase) == i
        assert phase_index(step, pace, p.position_index, p.breath, p.phase) == i
    for position, breath, phase in [(len(positions), 1, "inhale"), (len(positions) - 1, 0, "transition"),
                                    (0, breaths[0] + 1, "inhale"), (0, 1, "hold"), (-1, 1, "inhale"),
                                    (0, 0, "inhale"), (0, 1, "rest" if pace.rest == 0 else "hold")]:
        with pytest.raises(ValueError):
            plan.phase_index(position, breath, phase)  # type: ignore[arg-type]
