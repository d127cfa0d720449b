"""The heartbeat wakes for the next deadline, the next second a clock shows, or the next
frame of a moving breath bar; never while nothing moves."""

from __future__ import annotations

import pytest

from coach.ui.heartbeat import DEADLINE_SLACK, MAX_FPS, next_wake, until_label_changes
from tests.ui.helpers import advance, make_app, press
from tests.ui.test_controls import _to_hold


@pytest.mark.parametrize(
    ("seconds", "up", "expected"),
    [(0.0, True, 1.0), (0.25, True, 0.75), (59.9, True, 0.1), (10.0, False, 1.0),
     (9.25, False, 0.25), (0.5, False, 0.5)],
)  # fmt: skip
def test_until_label_changes(seconds: float, up: bool, expected: float) -> None:
    assert until_label_changes(seconds, up=up) == pytest.approx(expected)


async def test_wakes_follow_the_view() -> None:
    app, session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter")
        kind, wait = next_wake(session.view(), clock.now())
        assert kind == "once" and wait == pytest.approx(1.0 + DEADLINE_SLACK)
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
