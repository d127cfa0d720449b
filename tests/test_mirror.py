"""Mirror: a journal replayed event by event gives the writer's state and session time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.journal.tail import JournalTail
from coach.lesson import load_lesson
from coach.live import LiveSession
from coach.mirror import Mirror

from .conftest import LESSONS

T0 = datetime(2026, 11, 25, 14, 0, 0, tzinfo=UTC)


class Wall:
    """A wall clock and a monotonic clock that move together (and can be told apart)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wall(self) -> datetime:
        return T0 + timedelta(seconds=self.seconds)

    def monotonic(self) -> float:
        return 1000.0 + self.seconds


@pytest.fixture
def tour():
    return load_lesson(LESSONS / "tour.yaml")


def _writer(tour, tmp_path: Path, wall: Wall) -> tuple[LiveSession, FakeClock]:
    clock = FakeClock()
    session = LiveSession.start(tour, LESSONS / "tour.yaml", clock=clock, directory=tmp_path)
    session.writer._wall = wall.wall  # journal "wall" times on the same fake wall clock
    return session, clock


def test_mirror_tracks_every_command(tour, tmp_path: Path) -> None:
    wall = Wall()
    writer, clock = _writer(tour, tmp_path, wall)
    mirror = Mirror(tour, monotonic=wall.monotonic, wall=wall.wall)
    tail = JournalTail(writer.writer.path)
    writer.do(c.Start())
    for _ in range(12):
        view = writer.view()
        if view.status == "ended":
            break
        if view.needs_ack:
            writer.do(c.AckReminder())
        elif view.needs_answer:
            writer.do(c.Answer(True))
        else:
            writer.do(c.Next())
        clock.advance(3)
        wall.seconds += 3
        mirror.feed(tail.poll())
        assert mirror.state == writer.state
        assert mirror.now() == pytest.approx(clock.now())
        assert mirror.view() == writer.view()
    writer.close()


def test_session_time_between_events_comes_from_the_last_wall(tour, tmp_path: Path) -> None:
    wall = Wall()
    writer, clock = _writer(tour, tmp_path, wall)
    writer.do(c.Start())
    clock.advance(10)
    wall.seconds += 10
    writer.do(c.Next())
    # The follower joins 7.5 s after the last event was written.
    clock.advance(7.5)
    wall.seconds += 7.5
    mirror = Mirror(tour, monotonic=wall.monotonic, wall=wall.wall)
    mirror.feed(JournalTail(writer.writer.path).poll())
    assert mirror.now() == pytest.approx(17.5)
    wall.seconds += 2  # no new event: the mirror's clock runs on by itself
    assert mirror.now() == pytest.approx(19.5)
    assert mirror.view().active_seconds == pytest.approx(writer.view().active_seconds + 2)
    writer.close()


def test_clock_stepped_back_never_goes_before_the_last_event(tour) -> None:
    wall = Wall()
    mirror = Mirror(tour, monotonic=wall.monotonic, wall=wall.wall)
    future = (T0 + timedelta(seconds=30)).isoformat()
    mirror.feed(
        [
            {
                "type": "SessionStarted",
                "t": 0.0,
                "lesson_id": "tour",
                "lesson_version": "1",
                "step_count": len(tour.flat_steps()),
                "wall": future,
            },
        ]
    )
    assert mirror.now() == 0.0
    assert not mirror.ended
