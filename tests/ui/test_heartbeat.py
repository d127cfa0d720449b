"""The heartbeat wakes for the next deadline, the next second a step clock shows, the next
minute of the header, or the next visible step of a moving breath bar; never while nothing
moves."""

from __future__ import annotations

import pytest

from coach.ui.fmt import clock, whole_minutes
from coach.ui.heartbeat import DEADLINE_SLACK, MAX_FPS, next_wake, until_label_changes
from coach.ui.widgets.breath_bar import LEVELS, filled_cells, level, until_bar_changes
from tests.ui.helpers import advance, make_app, press
from tests.ui.test_controls import _to_hold


@pytest.mark.parametrize(
    ("seconds", "up", "unit", "expected"),
    [(0.0, True, 1, 0.5), (0.25, True, 1, 0.25), (0.5, True, 1, 0.0), (59.9, True, 1, 0.6),
     (10.0, False, 1, 0.5), (9.25, False, 1, 0.75), (0.6, False, 1, 0.1),
     (0.0, True, 60, 59.5), (59.0, True, 60, 0.5), (59.6, True, 60, 59.9),
     (125.0, True, 60, 54.5)],
)  # fmt: skip
def test_until_label_changes(seconds: float, up: bool, unit: int, expected: float) -> None:
    assert until_label_changes(seconds, up=up, unit=unit) == pytest.approx(expected)


@pytest.mark.parametrize("up", [True, False])
@pytest.mark.parametrize("unit", [1, 60])
@pytest.mark.parametrize("start", [0.0, 0.3, 7.49, 59.2, 61.7, 3599.9])
def test_the_label_changes_exactly_when_predicted(start: float, up: bool, unit: int) -> None:
    """Sleeping the predicted time (plus the slack) lands on a new label, and not earlier."""

    def shown(seconds: float) -> tuple[str, int]:
        return clock(seconds), whole_minutes(seconds)

    pick = 0 if unit == 1 else 1
    wait = until_label_changes(start, up=up, unit=unit)
    direction = 1 if up else -1
    before = start + direction * max(0.0, wait - DEADLINE_SLACK)
    after = start + direction * (wait + DEADLINE_SLACK)
    if after < 0:
        return
    assert shown(before)[pick] == shown(start)[pick]
    assert shown(after)[pick] != shown(start)[pick]


@pytest.mark.parametrize("phase", ["inhale", "exhale"])
@pytest.mark.parametrize("length", [2.0, 4.0, 6.5])
def test_the_bar_wakes_once_per_visible_step(phase: str, length: float) -> None:
    """Following `until_bar_changes` through a phase visits every level once, in order."""
    t, seen, wakes = 0.0, [level(phase, 0.0)], 0
    while True:
        wait = until_bar_changes(phase, t / length, length - t)
        if wait is None:
            break
        t += wait + DEADLINE_SLACK
        wakes += 1
        seen.append(level(phase, t / length))
    assert wakes == LEVELS
    assert seen == (list(range(LEVELS + 1)) if phase == "inhale" else list(range(LEVELS, -1, -1)))


@pytest.mark.parametrize("phase", ["rest", "transition", None])
def test_a_bar_that_does_not_move_never_wakes(phase: str | None) -> None:
    assert until_bar_changes(phase, 0.3, 2.0) is None


def test_filled_cells_stay_even_and_within_the_bar() -> None:
    for width in (2, 9, 40, 71):
        for step in range(101):
            cells = filled_cells("inhale", step / 100, width)
            assert 0 <= cells <= width and (cells % 2 == 0 or cells == width)
        assert filled_cells("inhale", 1.0, width) == width  # a full breath fills the bar
        assert filled_cells("exhale", 1.0, width) == 0


async def test_wakes_follow_the_view() -> None:
    app, session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter")
        kind, wait = next_wake(session.view(), clock.now())
        assert kind == "once" and wait == pytest.approx(59.5 + DEADLINE_SLACK)
        await _to_hold(pilot, app, session)
        view = session.view()
        kind, wait = next_wake(view, clock.now())
        assert kind == "hold" and wait <= 1.0 / MAX_FPS + DEADLINE_SLACK
        assert next_wake(view, clock.now(), animate=False)[1] > 1.0 / MAX_FPS + DEADLINE_SLACK
        to_deadline = view.next_deadline - clock.now()
        await advance(pilot, clock, to_deadline - 0.01)  # 10 ms before a phase change
        assert next_wake(session.view(), clock.now())[1] == pytest.approx(0.01 + DEADLINE_SLACK)
        await press(pilot, "space")
        assert next_wake(session.view(), clock.now()) is None
        assert app.heartbeat is None
