"""`coach run` paints a lesson's content note first and makes the session after that frame.

The note needs only the lesson; the session (engine, journal header) is made
right after the note's first frame, or at once when a key needs it sooner.
A lesson without a note needs its session for the first screen, so it gets
it before anything is painted.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import RenderableType
from textual.screen import Screen

from coach.engine import FakeClock, Session
from coach.errors import CoachError
from coach.lesson.loader import load_lesson
from coach.lesson.model import Lesson
from coach.ui import app as app_module
from coach.ui.app import CoachApp
from coach.ui.screens.confirm_quit import ConfirmQuit
from coach.ui.screens.content_note import ContentNoteScreen
from coach.ui.screens.step import StepScreen
from coach.ui.session import SessionLike
from tests.ui.helpers import press, screen_text, tour

NO_NOTE = """\
id: plain
title: Plain
summary: No content note.
minutes: 1
sections:
  - title: One
    steps:
      - title: First step
      - title: Second step
"""


class Recording(CoachApp):
    """Records the screens it paints and when its sessions are made."""

    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

    def __init__(self, lesson: Lesson, *, defer_pending: bool = False) -> None:
        self.clock = FakeClock()
        self.frames: list[str] = []
        self.made: list[list[str]] = []  # the frames painted before each session
        self.defer_pending = defer_pending
        super().__init__(lesson=lesson, clock=self.clock, animate=False, make_session=self._make)

    def _make(self, lesson: Lesson, path: Path | None) -> SessionLike:
        self.made.append(list(self.frames))
        return Session(lesson, self.clock)

    def _display(self, screen: Screen[object], renderable: RenderableType | None) -> None:
        if renderable is not None:
            self.frames.append(type(screen).__name__)
        super()._display(screen, renderable)

    def _open_pending(self) -> bool:
        if self.defer_pending:  # the scheduled call comes too late: a key came first
            self.defer_pending = False
            return True
        return super()._open_pending()


async def test_the_note_is_painted_before_the_session_is_made() -> None:
    app = Recording(tour())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ContentNoteScreen)
        assert "Before you start" in screen_text(app)
        assert len(app.made) == 1
        assert "ContentNoteScreen" in app.made[0]  # the note's frame came first
        session = app.session
        assert session is not None and session.state.status == "idle"
        await press(pilot, "enter")
        assert isinstance(app.screen, StepScreen)
        assert app.session is session and session.state.status == "running"
        assert len(app.made) == 1


async def test_a_key_before_the_session_makes_it_then() -> None:
    app = Recording(tour(), defer_pending=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.session is None and app.made == []
        await press(pilot, "enter")
        assert isinstance(app.screen, StepScreen)
        assert app.session is not None and app.session.state.status == "running"
        assert len(app.made) == 1


async def test_ctrl_c_before_the_session_asks_as_usual() -> None:
    app = Recording(tour(), defer_pending=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "ctrl+c")
        assert isinstance(app.screen, ConfirmQuit)
        assert app.session is not None and len(app.made) == 1


async def test_a_lesson_without_a_note_gets_its_session_before_the_first_frame(
    tmp_path: Path,
) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text(NO_NOTE)
    app = Recording(load_lesson(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.made == [[]]
        assert isinstance(app.screen, StepScreen)
        assert "First step" in screen_text(app)
        assert app.session is not None and app.session.state.status == "running"


async def test_a_session_that_cannot_be_made_ends_the_app_with_its_error() -> None:
    def refuse(lesson: Lesson, path: Path | None) -> SessionLike:
        raise CoachError("the journal folder is not usable")

    app = CoachApp(lesson=tour(), animate=False, make_session=refuse)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert app.return_value == 1
    assert str(app.open_error) == "the journal folder is not usable"
    assert app.session is None
