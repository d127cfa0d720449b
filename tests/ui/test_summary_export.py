"""The summary screen's Export writes the Markdown of a journaled session at once."""

from __future__ import annotations

from pathlib import Path

from coach.engine import FakeClock
from coach.engine import commands as c
from coach.live import LiveSession
from coach.ui.app import CoachApp
from coach.ui.screens.summary import SummaryScreen

from .helpers import tour


async def test_export_key_writes_markdown(coach_home: Path) -> None:
    clock = FakeClock()
    session = LiveSession.start(tour(), None, clock=clock)
    session.do(c.Start())
    session.do(c.Stop())
    session.do(c.StopChoice("end"))
    app = CoachApp(session, clock=clock, animate=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("x")
        await pilot.pause()
        exported = coach_home / "data" / "exports" / f"{session.session_id}.md"
        assert exported.is_file()
        assert "A short tour" in exported.read_text()
    session.close()
