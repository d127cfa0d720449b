"""The key bar: it shows the keys that work now (from the screen's bindings), and a click
on a key presses it."""

from __future__ import annotations

from coach.engine import commands as c
from coach.ui.widgets.key_bar import KeyBar
from tests.ui.helpers import make_app, press


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
