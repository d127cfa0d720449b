"""Export from the summary: the notice sits under the buttons, shows the path whole and
literally (a data folder named with markup), and a second export keeps the first."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.lesson.catalog import resolve
from coach.live import LiveSession
from coach.ui.app import CoachApp
from coach.ui.screens.summary import SummaryScreen
from tests.ui.helpers import press


@pytest.mark.parametrize("folder", ["plain", "h[x]y", "a[/]b", "[bold]loud"])
async def test_export_notice_is_whole_literal_and_keeps_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    home = tmp_path / folder
    monkeypatch.setenv("COACH_HOME", str(home))
    lesson, path = resolve("tour")
    session = LiveSession.start(lesson, path, clock=FakeClock(), next_guard=0.0)
    session.do(c.Start())
    session.do(c.Finish())
    app = CoachApp(session, clock=session.clock, animate=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await press(pilot, "x")
        notice = str(app.screen.query_one("#export-notice").render())
        first = home / "data" / "exports" / f"{session.session_id}.md"
        assert str(first) in notice.replace("\n", "")
        await press(pilot, "x")
        second = first.with_name(f"{session.session_id}-2.md")
        assert str(second) in str(app.screen.query_one("#export-notice").render()).replace("\n", "")
        assert first.exists() and second.exists()
    session.close()
