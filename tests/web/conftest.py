"""Helpers for the class-view tests: real journals in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.engine import commands as c
from coach.engine.clock import Clock
from coach.journal.header import Mode
from coach.lesson import load_lesson
from coach.lesson.model import Lesson
from coach.live import LiveSession

from ..conftest import LESSONS
from ..drivers import advance_to

pytest.importorskip("aiohttp")


@pytest.fixture
def sessions(tmp_path: Path) -> Path:
    folder = tmp_path / "sessions"
    folder.mkdir(mode=0o700)
    return folder


def lesson(name: str = "tour") -> Lesson:
    return load_lesson(LESSONS / f"{name}.yaml")


class Instructor:
    """Starts journaled sessions (each holds its journal's lock) and closes them all.

    The sessions have no Next guard: the tests press keys at machine speed.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.open: list[LiveSession] = []

    def start(
        self, name: str = "tour", *, mode: Mode = "run", clock: Clock | None = None
    ) -> LiveSession:
        session = LiveSession.start(
            lesson(name),
            LESSONS / f"{name}.yaml",
            mode=mode,
            clock=clock,
            directory=self.folder,
            next_guard=0.0,
        )
        self.open.append(session)
        return session

    def close_all(self) -> None:
        for session in self.open:
            session.close()


@pytest.fixture
def instructor(sessions: Path) -> Iterator[Instructor]:
    teacher = Instructor(sessions)
    yield teacher
    teacher.close_all()


def start_hold(session: LiveSession) -> None:
    """Reach the hold and get its breaths counting (past its lead-in)."""
    advance_to(session, "hold")
    for _ in range(5):
        view = session.view()
        hold = view.hold
        counting = hold is not None and hold.phase is not None and hold.breath >= 1
        if view.status == "running" and counting and not view.needs_ack:
            return
        if view.needs_ack:
            session.do(c.AckReminder())
        elif view.status == "paused":
            session.do(c.Resume())
        else:
            session.do(c.Next())
    raise AssertionError(f"the hold did not start: {session.view()}")
