"""coach present: the console; timers wait for `t`, notes on `i`, journaled for follow."""

from __future__ import annotations

from pathlib import Path

from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.engine.session import Session
from coach.journal.reader import read_journal
from coach.lesson.catalog import resolve
from coach.live import LiveSession
from coach.ui.follow import FollowApp
from coach.ui.present import PresentApp, PresentScreen
from tests.ui.helpers import advance, press, screen_text


def _present(session=None, clock=None) -> tuple[PresentApp, Session, FakeClock]:
    clock = clock or FakeClock()
    if session is None:
        session = Session(resolve("tour")[0], clock, next_guard=0.0)  # keys at machine speed
    app = PresentApp(session, clock=clock, animate=False)
    return app, session, clock


async def _to_step(pilot, app: PresentApp, session, step_id: str) -> None:
    await pilot.pause()
    await press(pilot, "enter")  # the content note
    app.send(c.JumpTo(step_id))
    await pilot.pause()


async def test_timer_waits_for_t_and_enter_starts_and_goes_on() -> None:
    app, session, clock = _present()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "enter")  # content note
        assert isinstance(app.screen, PresentScreen)
        await press(pilot, "enter", "enter")  # settle in, checklist -> open step
        view = session.view()
        assert view.timer.mode == "up"
        assert view.status == "paused" and app.armed
        await advance(pilot, clock, 30)
        assert session.view().active_seconds == 0  # waiting is not active time
        assert "Ready — press t to start the timer" in screen_text(app)
        await press(pilot, "t")
        assert session.view().status == "running" and not app.armed
        await advance(pilot, clock, 4)
        assert session.view().timer.seconds == 4
        await press(pilot, "enter")  # next: a timed step, armed again
        assert app.armed
        await press(pilot, "enter")
        # Enter on an armed step starts the timer and then does what Enter does.
        assert not app.armed


async def test_notes_pane_toggles_and_next_step_is_previewed() -> None:
    app, session, _clock = _present()
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_step(pilot, app, session, "clock")
        screen = app.screen
        assert isinstance(screen, PresentScreen)
        assert screen.notes_shown  # the console is the instructor's own screen
        text = screen_text(app)
        assert "Next: Once more?" in text
        assert "Around the clock" in text
        assert "No notes for this step." in text
        await press(pilot, "t")  # armed steps refuse a jump: start the timer first
        app.send(c.JumpTo("arrive.1"))  # "Settle in" has an instructor note
        await pilot.pause()
        assert "Give people a moment" in screen_text(app)
        await press(pilot, "i")
        assert not screen.notes_shown
        assert "Give people a moment" not in screen_text(app)


async def test_present_is_journaled_and_follow_mirrors_it(tmp_path: Path) -> None:
    lesson, path = resolve("tour")
    clock = FakeClock()
    live = LiveSession.start(
        lesson, path, mode="present", clock=clock, directory=tmp_path, next_guard=0.0
    )
    app, session, _ = _present(live, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "enter", "enter", "enter")
        assert app.armed
    journal = read_journal(live.writer.path)
    assert journal.header.mode == "present"
    follower = FollowApp(live.writer.path, animate=False, auto_poll=False)
    async with follower.run_test(size=(100, 30)) as pilot:
        view = follower.poll()
        await pilot.pause()
        assert view is not None and view.step.id == session.view().step.id
        assert "Ready: the timer starts when the instructor begins" in screen_text(follower)
        live.close()  # the presenter's coach is gone: no ghost timer
        follower.poll()
        await pilot.pause()
        assert "The instructor's coach stopped" in screen_text(follower)


def test_snapshot_present_ready(snap_compare) -> None:
    app, _session, _clock = _present()

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.send(c.JumpTo("arrive.4"))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_snapshot_present_hold_with_notes(snap_compare) -> None:
    app, _session, clock = _present()

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.send(c.JumpTo("clock"))
        await pilot.pause()
        await pilot.press("t")
        clock.advance(9.5)
        app.tick()
        await pilot.press("i")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
