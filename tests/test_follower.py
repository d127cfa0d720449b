"""The follower's status line: what a class is told the instructor is doing, state by state.

The terminal follower and the class view both say `status_line`; their own
tests check it reaches the screen and the page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.engine.session import Session
from coach.follower import GETTING_READY_MESSAGE, status_line
from coach.lesson.catalog import resolve
from tests.drivers import advance_to


def _to(kind: str) -> Callable[[Session, FakeClock], None]:
    def walk(session: Session, clock: FakeClock) -> None:
        advance_to(session, kind)
        if session.view().needs_ack:
            session.do(c.AckReminder())

    return walk


def _then(*steps: Callable[[Session, FakeClock], object]) -> Callable[[Session, FakeClock], None]:
    def walk(session: Session, clock: FakeClock) -> None:
        for step in steps:
            step(session, clock)

    return walk


def _ready(session: Session, clock: FakeClock) -> None:
    session.do(c.Ready())


def _wait(seconds: float) -> Callable[[Session, FakeClock], None]:
    return lambda session, clock: clock.advance(seconds)


def _do(command: c.Command) -> Callable[[Session, FakeClock], None]:
    return lambda session, clock: session.do(command)


CASES = [
    ("idle", lambda session, clock: None, "Waiting for the instructor to start"),
    ("running", _do(c.Start()), ""),
    ("lead-in", _to("timed"), GETTING_READY_MESSAGE),
    (
        "paused as the timer is about to start",
        _then(_to("timed"), _ready, _do(c.Pause())),
        "Ready: the timer starts when the instructor begins",
    ),
    (
        "paused mid-timer",
        _then(_to("timed"), _ready, _wait(5.0), _do(c.Pause())),
        "Paused by the instructor",
    ),
    ("stopped", _then(_do(c.Start()), _do(c.Stop())), "Stopped by the instructor"),
]


@pytest.mark.parametrize(("name", "walk", "said"), CASES, ids=[case[0] for case in CASES])
def test_the_status_line_says_what_the_instructor_is_doing(
    name: str, walk: Callable[[Session, FakeClock], None], said: str
) -> None:
    lesson, _path = resolve("tour")
    clock = FakeClock()
    session = Session(lesson, clock, next_guard=0.0)
    walk(session, clock)
    assert status_line(session.view(), session.state) == said


def test_an_ended_session_says_so_with_its_end_message() -> None:
    lesson, _path = resolve("tour")
    session = Session(lesson, FakeClock(), next_guard=0.0)
    session.do(c.Start())
    session.do(c.Stop())
    session.do(c.StopChoice("end"))
    view = session.view()
    assert status_line(view, session.state) == "Session ended"
    with_message = dataclasses.replace(view, end_message="The receiver asked to stop.")
    assert status_line(with_message, session.state) == "Session ended: The receiver asked to stop."
