"""`coach follow --projector` and no ghosts: large type, never the notes, black when blanked;
a follower says when the instructor's coach stopped and moves on to the next session."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from coach.cli.output import Theme, use_theme
from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.lesson.catalog import resolve
from coach.live import LiveSession
from coach.ui.follow import FollowApp
from coach.ui.projector import ProjectorScreen
from coach.ui.widgets.big_text import TIMER_FONT, TITLE_FONT, block_lines
from tests.ui.helpers import screen_text
from tests.ui.test_follow import Instructor


def _before_any_event() -> datetime:
    return datetime(2000, 1, 1, tzinfo=UTC)


class Monotonic:
    """A hand-moved monotonic clock for the follower."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _live(tmp_path: Path, lesson_id: str = "tour", mode: str = "present") -> LiveSession:
    lesson, path = resolve(lesson_id)
    session = LiveSession.start(
        lesson, path, mode=mode, clock=FakeClock(), directory=tmp_path, next_guard=0.0
    )
    session.do(c.Start())
    return session


def _projector(path: Path | None, tmp_path: Path, **kwargs) -> FollowApp:
    return FollowApp(
        path,
        directory=tmp_path,
        projector=True,
        animate=False,
        auto_poll=False,
        search_every=0.0,
        **kwargs,
    )


async def _poll(app: FollowApp, pilot) -> None:
    app.poll()
    await pilot.pause()
    await pilot.pause()


# ------------------------------------------------------------------ projector


async def test_projector_never_shows_a_note(tmp_path: Path) -> None:
    for lesson_id in ("tour", "guided"):
        live = _live(tmp_path, lesson_id)
        noted = [fs for fs in live.lesson.flat_steps() if fs.step.note]
        assert noted, lesson_id
        app = _projector(live.writer.path, tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            for fs in noted:
                while live.view().needs_ack:
                    live.do(c.AckReminder())
                live.do(c.JumpTo(fs.id))
                await _poll(app, pilot)
                screen = app.screen
                assert isinstance(screen, ProjectorScreen)
                shown = screen_text(app) + screen.visible_text()
                note = " ".join(fs.step.note.split())
                assert note[:40] not in " ".join(shown.split()), fs.id
                assert fs.step.title.split()[0] in screen.visible_text()
        live.close()


async def test_projector_title_and_timer_are_block_letters(tmp_path: Path) -> None:
    live = _live(tmp_path)
    live.do(c.JumpTo("clock"))
    live.do(c.Ready())
    app = _projector(live.writer.path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _poll(app, pilot)
        screen = app.screen
        assert isinstance(screen, ProjectorScreen)
        assert screen.title_big.blocky and screen.timer_big.blocky
        assert screen.title_big.size.height >= 4 and screen.timer_big.size.height >= 5
    live.close()


async def test_blank_turns_the_projector_black_and_back(tmp_path: Path) -> None:
    live = _live(tmp_path)
    app = _projector(live.writer.path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _poll(app, pilot)
        screen = app.screen
        assert isinstance(screen, ProjectorScreen)
        assert not screen.blank and "Sit comfortably" in screen_text(app)
        live.do(c.BlankProjector(True))
        await _poll(app, pilot)
        assert screen.blank and screen_text(app).strip() == ""
        live.do(c.BlankProjector(False))
        await _poll(app, pilot)
        assert not screen.blank and "Sit comfortably" in screen_text(app)
    live.close()


@pytest.mark.parametrize(
    ("text", "font", "width", "rows", "blocky"),
    [
        ("Settle in", TITLE_FONT, 80, 8, True),
        ("12:05", TIMER_FONT, 80, 6, True),
        ("Café au lait", TITLE_FONT, 80, 8, False),  # the font has no é: plain text
        ("A very long title that needs many lines " * 3, TITLE_FONT, 80, 8, False),
        ("\x1b[31mred", TITLE_FONT, 80, 8, True),  # made visible first, never an escape
        ("", TITLE_FONT, 80, 8, False),
    ],
)
def test_block_lines(text: str, font: str, width: int, rows: int, blocky: bool) -> None:
    lines = block_lines(text, font, width, rows)
    assert (lines is not None) is blocky
    if lines is not None:
        assert len(lines) <= rows and all(len(line) <= width for line in lines)
        assert not any("\x1b" in line for line in lines)


# ------------------------------------------------------------------ snapshots


def _snapshot_app(tmp_path: Path, blank: bool = False) -> tuple[FollowApp, LiveSession]:
    """A projector on a running hold, its clock held at the last event (no real time)."""
    live = _live(tmp_path)
    live.do(c.JumpTo("clock"))
    live.do(c.Ready())
    if blank:
        live.do(c.BlankProjector(True))
    # A wall clock before every event: the follower adds no time since the last one,
    # so a slow machine cannot move the hold's clock between the write and the shot.
    app = _projector(live.writer.path, tmp_path, monotonic=Monotonic(), wall=_before_any_event)
    return app, live


def _frozen(app: FollowApp):
    async def run_before(pilot) -> None:
        await _poll(app, pilot)

    return run_before


def test_snapshot_projector_dark(snap_compare, tmp_path: Path) -> None:
    app, live = _snapshot_app(tmp_path)
    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=_frozen(app))
    finally:
        live.close()


def test_snapshot_projector_light(snap_compare, tmp_path: Path) -> None:
    use_theme(Theme.light)
    try:
        app, live = _snapshot_app(tmp_path)
        assert app.theme == "coach-light"
        assert snap_compare(app, terminal_size=(80, 24), run_before=_frozen(app))
    finally:
        use_theme(Theme.auto)
        live.close()


def test_snapshot_projector_blank(snap_compare, tmp_path: Path) -> None:
    app, live = _snapshot_app(tmp_path, blank=True)
    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=_frozen(app))
    finally:
        live.close()


# ------------------------------------------------------------------ no ghosts


async def test_a_dead_writer_freezes_the_view_and_the_next_session_is_followed(
    tmp_path: Path,
) -> None:
    instructor = Instructor(tmp_path)
    instructor.do("start")
    tick = Monotonic()
    app = FollowApp(
        directory=tmp_path, animate=False, auto_poll=False, search_every=0.0, monotonic=tick
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await _poll(app, pilot)
        assert app.path == instructor.path and app.live
        assert "coach stopped" not in screen_text(app)
        instructor.proc.kill()  # the terminal closed: no SessionEnded, the lock is gone
        instructor.proc.wait(timeout=10)
        await _poll(app, pilot)
        assert not app.live
        assert "The instructor's coach stopped" in screen_text(app)
        frozen = app.current_view()
        tick.now += 60.0  # a minute later the timer has not moved: no ghost
        await _poll(app, pilot)
        assert app.current_view() == frozen
        nxt = _live(tmp_path, mode="run")
        nxt.do(c.Next())
        await _poll(app, pilot)
        assert app.path == nxt.writer.path and app.live
        assert "coach stopped" not in screen_text(app)
        assert app.current_view().step.id == nxt.view().step.id
        nxt.close()


async def test_a_named_session_is_never_left(tmp_path: Path) -> None:
    first = _live(tmp_path)
    app = FollowApp(
        first.writer.path, directory=tmp_path, animate=False, auto_poll=False, search_every=0.0
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await _poll(app, pilot)
        first.close()
        second = _live(tmp_path)
        await _poll(app, pilot)
        assert app.path == first.writer.path
        text = screen_text(app)
        assert "The instructor's coach stopped" in text and "next session" not in text
        second.close()


async def test_an_ended_session_stays_until_the_next_one(tmp_path: Path) -> None:
    first = _live(tmp_path)
    app = FollowApp(directory=tmp_path, animate=False, auto_poll=False, search_every=0.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await _poll(app, pilot)
        first.do(c.Finish())
        first.close()
        await _poll(app, pilot)
        assert app.path == first.writer.path
        assert "Session ended" in screen_text(app)
        second = _live(tmp_path)
        await _poll(app, pilot)
        assert app.path == second.writer.path
        second.close()


async def test_follow_lesson_follows_only_that_lesson(tmp_path: Path) -> None:
    guided = _live(tmp_path, "guided")
    tour = _live(tmp_path, "tour")
    app = FollowApp(
        directory=tmp_path, lesson_id="guided", animate=False, auto_poll=False, search_every=0.0
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await _poll(app, pilot)
        assert app.path == guided.writer.path
        guided.close()
        await _poll(app, pilot)
        assert app.path == guided.writer.path  # the tour session is not this lesson's
        assert "The instructor's coach stopped" in screen_text(app)
        again = _live(tmp_path, "guided")
        await _poll(app, pilot)
        assert app.path == again.writer.path
        again.close()
    tour.close()


async def test_a_blank_projector_still_says_when_the_coach_stopped(tmp_path: Path) -> None:
    live = _live(tmp_path)
    live.do(c.BlankProjector(True))
    app = _projector(live.writer.path, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _poll(app, pilot)
        screen = app.screen
        assert isinstance(screen, ProjectorScreen) and screen.blank
        live.close()
        await _poll(app, pilot)
        assert not screen.blank
        assert "The instructor's coach stopped" in screen_text(app)
