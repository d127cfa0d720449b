"""A scripted session of `lessons/tour.yaml` under a FakeClock, with fixed wall times.

Used by the export tests and to regenerate the golden files: every kind of
step, a pause, a STOP, a check-in loop, ratings, notes, a hostile review, and
two hours where the app was not running (wall time jumps, session time does not).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.engine.events import event_to_dict
from coach.engine.evolve import current_step
from coach.engine.session import Session
from coach.journal.header import Header, wall_iso
from coach.lesson import load_lesson
from coach.lesson.model import Lesson, Rating, planned_seconds
from tests.conftest import LESSONS

TZ = timezone(timedelta(hours=1))
START = datetime(2026, 11, 25, 14, 23, 1, tzinfo=TZ)
AWAY_SECONDS = 2 * 3600 + 5 * 60

HOSTILE_REVIEW = (
    "# Not a heading\n"
    "| not | a | table |\n"
    "```\nnot closing anything\n```\n"
    "<script>alert('x')</script> [a link](http://example.invalid) *not emphasis*\n"
    "\x1b[31mred?\x1b[0m and a bell\x07 — 🙂 ünïcode\n"
    "    indented line\n"
)

NOTE = "Shoulders *finally* dropped.\nSecond line | with a pipe <b>and html</b>"


def tour() -> Lesson:
    return load_lesson(LESSONS / "tour.yaml")


def header(lesson: Lesson) -> Header:
    return Header(
        session="20261125-142301-ab12",
        lesson_id=lesson.id,
        lesson_version=lesson.version,
        lesson_title=lesson.title,
        started_wall=wall_iso(START, "seconds"),
        mode="run",
        lesson_path="lessons/tour.yaml",
        lesson_sha256=None,
        coach="0.1.0",
    )


class Recorder:
    """Runs commands and keeps what the store would: event dicts with a wall time."""

    def __init__(self, lesson: Lesson) -> None:
        self.session = Session(lesson, FakeClock(), next_guard=0.0)  # a script, not a hand
        self.clock: FakeClock = self.session.clock  # type: ignore[assignment]
        self.away = 0.0
        self.records: list[dict[str, Any]] = []

    def do(self, command: c.Command) -> None:
        for event in self.session.do(command):
            record = event_to_dict(event)
            record["wall"] = wall_iso(START + timedelta(seconds=event.t + self.away))
            self.records.append(record)

    def wait(self, seconds: float, tick_every: float = 1.0) -> None:
        """Let time pass, ticking like the app does while a timer runs."""
        end = self.clock.now() + seconds
        while self.clock.now() + tick_every < end:
            self.clock.advance(tick_every)
            self.do(c.Tick())
        self.clock.set(end)
        self.do(c.Tick())


def scripted_tour(review: str = HOSTILE_REVIEW) -> tuple[Lesson, Header, list[dict[str, Any]]]:
    """Walk the tour by step kind (so small edits to the lesson keep it working)."""
    lesson = tour()
    r = Recorder(lesson)
    visits: dict[str, int] = {}
    r.do(c.Start())
    for _ in range(100):
        state = r.session.state
        if state.status == "ended":
            break
        while r.session.state.needs_ack:
            r.wait(3)
            r.do(c.AckReminder())
        if r.session.state.waiting_ready:  # a lead-in: get in position, then say ready
            r.wait(2)
            r.do(c.Ready())
        fs = current_step(r.session.compiled, r.session.state)
        assert fs is not None
        visits[fs.id] = visit = visits.get(fs.id, 0) + 1
        step = fs.step
        if step.kind == "instruction":
            r.wait(12)
            r.do(c.Note(NOTE))
            r.do(c.Next())
        elif step.kind == "checklist":
            r.do(c.Toggle(0))
            r.do(c.Toggle(1))
            r.wait(8)
            r.do(c.Next())
        elif step.kind == "open":
            r.wait(45)
            r.do(c.Next())
        elif step.kind == "timed":
            r.wait(8)
            r.do(c.Pause())
            r.wait(20)
            r.do(c.Resume())
            r.wait(step.seconds)  # type: ignore[union-attr]
            r.do(c.Next())
        elif step.kind == "hold" and visit == 1:
            r.wait(10)
            r.do(c.Stop())
            r.wait(10)
            r.do(c.StopChoice("resume"))
            r.wait(10)
            r.away = AWAY_SECONDS  # the app dies here and is resumed two hours later
            r.do(c.Recover())
            r.wait(planned_seconds(step, lesson.pace) or 0)
            r.do(c.Note("Lost count at 6 o'clock"))
            r.do(c.Next())
        elif step.kind == "hold":
            r.wait(5)
            r.do(c.Next())  # cut the first position short
            r.wait(4)
            r.do(c.Skip())
        elif step.kind == "checkin":
            r.wait(4)
            r.do(c.Answer(visit == 1))
        elif step.kind == "feedback":
            items = step.items  # type: ignore[union-attr]
            ratings = [Rating.GOOD, Rating.NEUTRAL, Rating.BAD]
            for item in range(len(items)):
                r.do(c.Rate(item, ratings[item % 3]))
            r.do(c.Rate(len(items) - 1, Rating.BAD))  # changed their mind
            r.do(c.Next())
        elif step.kind == "review":
            r.wait(30)
            r.do(c.ReviewText(review))
            r.do(c.Next())
        else:  # pragma: no cover - a new step kind: teach the script about it
            raise AssertionError(f"unscripted step kind {step.kind}")
    assert r.session.state.status == "ended"
    return lesson, header(lesson), r.records
