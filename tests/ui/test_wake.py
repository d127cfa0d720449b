"""The heartbeat sleeps until the next visible change or deadline (`coach.ui.wake`)."""

from __future__ import annotations

import math

import pytest

from coach.ui.fmt import clock
from coach.ui.wake import (
    COALESCE,
    DEADLINE_SLACK,
    MAX_SLEEP,
    VISUAL_SLACK,
    filled_cells,
    sleep_for,
    until_bar_moves,
    until_label_changes,
)
from tests.ui.helpers import make_app
from tests.ui.test_controls import _to_hold


@pytest.mark.parametrize(
    ("seconds", "up", "expected"),
    [
        (5.3, True, 0.7),
        (5.0, True, 1.0),
        (0.0, True, 1.0),
        (59.99, True, 0.01),
        (5.3, False, 0.3),
        (5.0, False, 1.0),
        (0.25, False, 0.25),
        (119.97, False, 0.97),
    ],
)
def test_until_label_changes(seconds: float, up: bool, expected: float) -> None:
    wait = until_label_changes(seconds, up=up)
    assert wait == pytest.approx(expected)
    moved = seconds + wait if up else seconds - wait
    assert clock(moved + (1e-6 if up else -1e-6), up=up) != clock(seconds, up=up)
    almost = seconds + wait * 0.99 if up else seconds - wait * 0.99
    assert clock(almost, up=up) == clock(seconds, up=up)


@pytest.mark.parametrize(
    ("phase", "fraction", "width", "expected"),
    [
        ("inhale", 0.0, 40, 0),
        ("inhale", 1.0, 40, 40),
        ("inhale", 0.5, 40, 20),
        ("exhale", 0.0, 40, 40),
        ("exhale", 0.75, 40, 10),
        ("rest", 0.5, 40, 0),
        ("transition", 0.5, 40, 0),
        (None, 0.5, 40, 0),
        ("inhale", 1.0, 41, 40),  # even, so it stays centred
        ("inhale", 2.0, 40, 40),  # clamped
    ],
)
def test_filled_cells(phase: str | None, fraction: float, width: int, expected: int) -> None:
    assert filled_cells(phase, fraction, width) == expected


@pytest.mark.parametrize("phase", ["inhale", "exhale"])
@pytest.mark.parametrize("width", [2, 7, 40, 61, 200])
@pytest.mark.parametrize("seconds", [1.5, 4.0, 6.0])
def test_the_bar_moves_exactly_when_predicted(phase: str, width: int, seconds: float) -> None:
    """Walk a whole phase in the predicted jumps: each lands on a new cell count, none is missed."""
    t = 0.0
    seen = [filled_cells(phase, 0.0, width)]
    while True:
        fraction = t / seconds
        wait = until_bar_moves(phase, fraction, seconds - t, width)
        if wait is None:
            break
        step = 1e-4 * seconds
        before = filled_cells(phase, (t + wait - step) / seconds, width)
        after = filled_cells(phase, (t + wait + step) / seconds, width)
        assert before == seen[-1], "the bar moved before the predicted time"
        assert after != before, "nothing moved at the predicted time"
        seen.append(after)
        t += wait + step
    # What remains happens at the phase's end, which is a deadline of its own.
    assert seen[-1] == filled_cells(phase, 1.0 - 1e-9, width)
    assert len(seen) == len(set(seen))  # monotone: one wake per distinct picture


@pytest.mark.parametrize(
    ("phase", "fraction", "left"),
    [("rest", 0.2, 1.0), ("transition", 0.0, 2.0), (None, 0.0, 0.0), ("inhale", 1.0, 0.0)],
)
def test_a_still_bar_never_asks_for_a_wake(phase: str | None, fraction: float, left: float) -> None:
    assert until_bar_moves(phase, fraction, left, 40) is None


@pytest.mark.parametrize(
    ("deadline", "changes", "min_gap", "max_sleep", "expected"),
    [
        # A deadline is met to the millisecond, whatever the frame cap.
        (0.03, [0.5], 0.1, MAX_SLEEP, 0.03 + DEADLINE_SLACK),
        (0.0, [], 0.1, MAX_SLEEP, DEADLINE_SLACK),
        (-0.5, [], 0.1, MAX_SLEEP, 0.001),  # overdue: at once
        # Visible changes: at most once per min_gap, at least once per max_sleep.
        (None, [0.02], 0.1, MAX_SLEEP, 0.1),
        (None, [0.4, 0.9], 0.1, MAX_SLEEP, 0.4 + VISUAL_SLACK),
        (None, [], 0.1, MAX_SLEEP, MAX_SLEEP),
        (None, [None, 5.0], 0.1, MAX_SLEEP, MAX_SLEEP),
        (None, [42.0], 0.05, None, 42.0 + VISUAL_SLACK),
        (None, [], 0.05, None, math.inf),
        # Changes close together are drawn in one wake.
        (None, [0.4, 0.4 + COALESCE / 2, 0.9], 0.1, MAX_SLEEP, 0.4 + COALESCE / 2 + VISUAL_SLACK),
        (None, [0.4, 0.4 + COALESCE * 2], 0.1, MAX_SLEEP, 0.4 + VISUAL_SLACK),
        # The deadline wins when it is first.
        (0.2, [0.4], 0.1, MAX_SLEEP, 0.2 + DEADLINE_SLACK),
        (0.6, [0.4], 0.1, MAX_SLEEP, 0.4 + VISUAL_SLACK),
    ],
)
def test_sleep_for(
    deadline: float | None,
    changes: list[float | None],
    min_gap: float,
    max_sleep: float | None,
    expected: float,
) -> None:
    got = sleep_for(deadline_in=deadline, changes_in=changes, min_gap=min_gap, max_sleep=max_sleep)
    assert got == pytest.approx(expected)


async def test_in_a_hold_the_app_sleeps_until_the_bar_moves_or_the_phase_ends() -> None:
    """Through the real app: each wake finds something new to draw, and none is late."""
    app, session, fake = make_app(animate=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        pacer = app.step_screen.card.hold.pacer
        wakes = idle_wakes = 0
        while session.view().hold.phase in ("inhale", "exhale") and wakes < 200:
            assert app.heartbeat is not None and app.heartbeat[0] == "hold"
            wait = app.heartbeat[1]
            assert 0 < wait <= MAX_SLEEP
            view = session.view()
            drawn = (pacer._drawn, app.step_screen.elapsed.content, app.step_screen.timer.content)
            deadline = view.next_deadline
            fake.advance(wait)
            app._beat()  # what the one-shot timer does when it fires
            await pilot.pause()
            wakes += 1
            now_drawn = (
                pacer._drawn,
                app.step_screen.elapsed.content,
                app.step_screen.timer.content,
            )
            crossed = deadline is not None and fake.now() >= deadline
            if now_drawn == drawn and not crossed:
                idle_wakes += 1
            if crossed:
                assert fake.now() - deadline <= DEADLINE_SLACK + 1e-9
        assert wakes > 10
        assert idle_wakes == 0, f"{idle_wakes} of {wakes} wakes drew nothing new"
