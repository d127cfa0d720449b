"""A frame in a hold repaints the pacer and nothing else it need not: the dial only when
the position moves, the clock labels only when their words change."""

from __future__ import annotations

from coach.ui.heartbeat import next_wake
from coach.ui.widgets.breath_bar import LEVELS
from tests.ui.helpers import advance, make_app, screen_text
from tests.ui.test_controls import _to_hold


async def test_frames_in_a_hold_repaint_the_pacer_not_the_dial() -> None:
    app, session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        await advance(pilot, clock, 0.05)
        panel = app.step_screen.card.hold
        dial, pacer = panel.dial, panel.pacer
        dial_paints, pacer_paints = dial.paints, pacer.paints
        elapsed_updates = app.step_screen.step_view.elapsed.updates
        for _ in range(25):  # 2.5 s of the first inhale, 10 frames a second
            await advance(pilot, clock, 0.1)
        assert session.view().hold.phase == "inhale"
        assert pacer.paints > pacer_paints  # the bar grew
        assert dial.paints == dial_paints
        assert app.step_screen.step_view.elapsed.updates - elapsed_updates <= 3


async def test_a_hold_wakes_only_when_the_picture_changes() -> None:
    """Following the heartbeat through an inhale: every wake shows something new (a step of
    the bar, the step clock, the next phase), and the bar takes `LEVELS` of them, not a
    frame every tenth of a second."""
    app, session, clock = make_app(animate=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        assert session.view().hold.phase == "inhale"
        wakes = 0
        while session.view().hold.phase == "inhale":
            wake = next_wake(session.view(), clock.now())
            assert wake is not None
            before = screen_text(app)
            await advance(pilot, clock, wake[1])
            assert screen_text(app) != before, (
                f"wake {wakes} at {clock.now():.3f} s changed nothing"
            )
            wakes += 1
        inhale_clock_turns = 4  # a 3 s inhale: the step clock turns 3 or 4 times
        assert LEVELS <= wakes <= LEVELS + inhale_clock_turns + 1
