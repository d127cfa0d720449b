"""A frame in a hold repaints the pacer and nothing else it need not: the dial only when
the position moves, the clock labels only when their words change."""

from __future__ import annotations

from tests.ui.helpers import advance, make_app
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
