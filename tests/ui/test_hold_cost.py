"""A frame in a hold repaints the pacer's moving edges and nothing else: no layout pass,
no dial repaint, labels only when their words change, and no growing caches."""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget

from tests.ui.helpers import advance, make_app
from tests.ui.test_controls import _to_hold


def _layouts(app) -> int:
    return sum(w._layout_updates for w in app.screen.query(Widget))


async def test_frames_in_a_hold_do_no_layout_and_repaint_only_the_pacer() -> None:
    app, session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        await advance(pilot, clock, 0.05)
        panel = app.step_screen.card.hold
        dial, pacer = panel.dial, panel.pacer
        layouts, dial_paints = _layouts(app), dial.paints
        elapsed_updates = app.step_screen.elapsed.updates
        repaints = 0
        for _ in range(25):  # 2.5 s of the first inhale, 10 frames a second
            clock.advance(0.1)
            app.tick()
            repaints += pacer._repaint_required
            await pilot.pause()
            assert len(pacer._strips) <= 4
        assert session.view().hold.phase == "inhale"
        assert repaints >= 10  # the bar grew
        assert dial.paints == dial_paints
        assert _layouts(app) == layouts  # "elapsed 0:07" -> "0:08" keeps its box
        assert app.step_screen.elapsed.updates - elapsed_updates <= 3


async def test_pacer_marks_only_the_bar_rows_dirty() -> None:
    app, session, clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_hold(pilot, app, session)
        pacer = app.step_screen.card.hold.pacer
        await advance(pilot, clock, 1.0)
        width = pacer.size.width
        before = pacer._cells_now
        pacer._dirty_regions.clear()
        pacer.show("inhale", 0.5 + 4 / width)
        after = pacer._cells_now
        assert after > before
        (dirty,) = pacer._dirty_regions  # one region: Textual writes a row once per span
        assert dirty.height == pacer.size.height - 1
        assert dirty.x == (width - after) // 2 and dirty.right == (width + after) // 2
        assert not dirty.overlaps(Region(0, 0, width, 1))  # not the caption
