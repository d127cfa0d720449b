"""A step that waits for "ready" says so, and says nothing once it runs."""

from __future__ import annotations

from tests.ui.helpers import advance, make_app, press, screen_text

READY = "Ready? Press Enter (or your pedal) when in place"


async def test_a_waiting_timer_asks_for_ready_and_the_line_goes_when_it_runs() -> None:
    app, session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "enter")  # the content note
        for _ in range(10):
            view = session.view()
            if view.waiting_ready and not view.needs_ack:
                break
            await press(pilot, "a" if view.needs_ack else "enter")
            await advance(pilot, clock, 1.0)
        assert session.view().waiting_ready
        assert READY in screen_text(app) and "the timer runs then" in screen_text(app)
        await press(pilot, "enter")  # ready
        await advance(pilot, clock, 1.0)
        assert not session.view().waiting_ready
        assert READY not in screen_text(app)
