"""coach rehearse: position and title, Space reveals, 1/2/3 grade, weak steps first next time."""

from __future__ import annotations

from pathlib import Path

from coach.drill.model import Drill
from coach.drill.session import DrillSession
from coach.engine import FakeClock
from coach.lesson.catalog import resolve
from coach.ui.rehearse import RehearseApp
from tests.ui.helpers import press, screen_text


def _session(tmp_path: Path) -> DrillSession:
    lesson, path = resolve("tour")
    return DrillSession.open(
        lesson,
        path,
        clock=FakeClock(),
        directory=tmp_path / "sessions",
        memory_dir=tmp_path / "drills",
    )


async def test_reveal_grade_summary_and_the_next_drill_starts_with_weak_steps(
    tmp_path: Path,
) -> None:
    drill = _session(tmp_path)
    count = len(drill.state.order)
    app = RehearseApp(drill, animate=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Arrive · step 1 of 8" in text and "Settle in" in text
        assert "Sit comfortably" not in text  # hidden until revealed
        await press(pilot, "1")  # grading before revealing does nothing
        assert drill.state.grades == ()
        await press(pilot, "space")
        assert "Sit comfortably" in screen_text(app)
        await press(pilot, "3")  # missed
        await press(pilot, "enter", "2")  # partly
        for _ in range(count - 2):
            await press(pilot, "space", "1")
        assert drill.done
        text = screen_text(app)
        assert "Drill complete" in text
        assert "Settle in  (missed)" in text
        assert "Ready?  (partly)" in text
        await press(pilot, "q")
    assert drill.memory.weak() == {"arrive.1": "missed", "ready": "partly"}

    again = _session(tmp_path)
    assert again.state.order[:2] == ("arrive.1", "ready")
    app = RehearseApp(again, animate=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Settle in" in screen_text(app)
        await press(pilot, "space", "1", "q")  # stopped early: still remembered
    assert again.state.end_reason == "stopped"
    third = _session(tmp_path)
    assert third.state.order[0] == "ready"
    third.close()


def _drill() -> Drill:
    drill = Drill(resolve("tour")[0], FakeClock())
    drill.start({"clock": "missed"})
    return drill


def test_snapshot_rehearse_revealed_hold(snap_compare) -> None:
    app = RehearseApp(_drill(), animate=False)
    assert snap_compare(app, terminal_size=(100, 30), press=["space"])


def test_snapshot_rehearse_summary(snap_compare) -> None:
    app = RehearseApp(_drill(), animate=False)
    keys = ["space", "3", "space", "2"] + ["space", "1"] * 6
    assert snap_compare(app, terminal_size=(100, 30), press=keys)
