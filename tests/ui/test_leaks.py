"""The app must not grow with the session: step changes and pauses leave no widgets behind.

Textual's `Footer` rebuilt its keys on every bindings change and kept every old
`FooterKey` alive (a data-bind watcher): +23.6 MiB over 30 minutes. The screens
now show a `KeyBar` updated in place; this counts live widgets with `gc`.
"""

from __future__ import annotations

import gc

from textual.widget import Widget
from textual.widgets._footer import FooterKey

from coach.engine import commands as c
from coach.ui.screens.step import StepScreen
from coach.ui.widgets.key_bar import KeyBar
from tests.ui.helpers import make_app, press


def _live(kind: type) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, kind))


async def _churn(pilot, app, rounds: int) -> None:
    """Pause/resume and next/back: every one changes the step screen's bindings."""
    for i in range(rounds):
        app.send(c.Pause())
        await pilot.pause()
        app.send(c.Resume())
        await pilot.pause()
        app.send(c.Next() if i % 2 == 0 else c.Back())
        await pilot.pause()


async def test_bindings_changes_leave_no_widgets_behind() -> None:
    app, _session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter")  # content note
        await pilot.pause()
        assert isinstance(app.screen, StepScreen)
        await _churn(pilot, app, 5)
        bar = app.screen.query_one(KeyBar)
        widgets_before = _live(Widget)
        updates_before = bar.updates
        await _churn(pilot, app, 40)
        assert bar.updates - updates_before >= 40  # the keys did change, in place
        assert _live(FooterKey) == 0
        growth = _live(Widget) - widgets_before
        assert growth <= 5, f"{growth} widgets more after 120 bindings changes"


async def test_key_bar_shows_the_keys_that_work_now_and_clicks_press_them() -> None:
    app, session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter")
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert "Pause" in bar.text and "Resume" not in bar.text
        app.send(c.Pause())
        await pilot.pause()
        assert "Resume" in bar.text and "Pause" not in bar.text
        # Click "Resume": the key is pressed, the session runs again.
        start = bar.text.index("Resume")
        await pilot.click(KeyBar, offset=(start, 0))
        await pilot.pause()
        assert session.view().status == "running"
        assert "Pause" in bar.text


async def test_removed_widgets_let_go_of_their_line_caches() -> None:
    """Textual's `get_inner_outer` lru_cache kept every dead widget's StylesCache (#6665)."""
    from textual._styles_cache import StylesCache

    app, _session, _clock = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter")
        await _churn(pilot, app, 30)  # every Next/Back rebuilds the step card
        caches = _live(StylesCache)
        widgets = _live(Widget)
        assert caches <= widgets, f"{caches} StylesCaches for {widgets} live widgets"


def test_a_strip_divided_at_its_end_is_freed_without_the_cyclic_collector() -> None:
    """Textual cached `[self]` on the strip itself: every painted line was a cycle."""
    from rich.segment import Segment
    from textual.strip import Strip

    import coach.ui.app  # noqa: F401  (applies the fixes)

    gc.collect()
    gc.disable()
    try:
        strip = Strip([Segment("abc"), Segment("de")], 5)
        assert list(strip.divide([5])) == [strip]
        assert list(strip.divide([5, 9])) == [strip]
        halves = strip.divide([2, 5])
        assert [s.text for s in halves] == ["ab", "cde"]
        del strip, halves
        assert gc.collect() == 0
    finally:
        gc.enable()
