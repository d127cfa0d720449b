"""Recover (after a crash) restarts a running hold position; acks freeze step clocks."""

from __future__ import annotations

import pytest

from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.evolve import replay

from .helpers import drive, kinds, lesson

S, N, T = c.Start(), c.Next(), c.Tick()
HOLD = c.JumpTo("hold")

# MAIN's hold: positions 12 and 3, 2 breaths of 2 s in + 3 s out, a 4 s transition.
CASES = [
    (
        "mid-exhale restarts the position",
        [S, HOLD, 7.0, T],
        12,
        "inhale",
        1,
        "12 o'clock starts again",
    ),
    (
        "second position restarts",
        [S, HOLD, 10.0, T, 4.0, T, 1.0, T],
        3,
        "inhale",
        1,
        "3 o'clock starts again",
    ),
    (
        "transition restarts",
        [S, HOLD, 10.0, T, 1.0, T],
        12,
        "transition",
        0,
        "move to the next position",
    ),
]


@pytest.mark.parametrize(
    ("name", "script", "hour", "phase", "breath", "said"), CASES, ids=[x[0] for x in CASES]
)
def test_recover_mid_hold(name, script, hour, phase, breath, said) -> None:
    session = drive("main", script)
    before = len(session.events)
    session.do(c.Recover())
    new = session.events[before:]
    assert isinstance(new[0], e.Recovered) and said in new[0].message
    view = session.view()
    assert view.say == new[0].message
    assert (view.hold.hour, view.hold.phase, view.hold.breath) == (hour, phase, breath)
    assert view.hold.phase_fraction == 0.0
    assert replay(session.compiled, session.events) == session.state


def test_recover_outside_a_hold_only_marks_the_moment() -> None:
    session = drive("main", [S, 3.0, T])
    new = session.do(c.Recover())
    assert kinds(new) == ["Recovered"] and new[0].message == "Resumed where you left off."


def test_recover_while_paused_keeps_the_pause() -> None:
    session = drive("main", [S, HOLD, 7.0, T, c.Pause()])
    new = session.do(c.Recover())
    assert kinds(new) == ["Recovered"] and "still paused" in new[0].message
    assert session.view().status == "paused"


@pytest.mark.parametrize("script", [[], [S, c.Stop(), c.StopChoice("end")]], ids=["idle", "ended"])
def test_recover_refused_when_nothing_runs(script) -> None:
    session = drive("main", script)
    assert session.do(c.Recover()) == []


ACK_HOLD = """\
id: t
title: T
summary: S
minutes: 5
sections:
  - title: S
    steps:
      - id: hold
        kind: hold
        lead_in: false
        title: Hold
        depth: surface
        positions: [12, 3]
        breaths: 1
        pace: {inhale: 2, exhale: 3}
        between: {seconds: 4}
        reminders:
          - {when: before, text: Lubricant first., ack: true}
          - {when: between_positions, text: Withdraw first., ack: true}
"""


def test_ack_reminders_hold_the_breath_clock() -> None:
    session = drive(lesson(ACK_HOLD), [S, 30.0, T])
    view = session.view()
    assert view.needs_ack and view.hold.phase == "inhale" and view.hold.phase_fraction == 0.0
    assert view.next_deadline is None or view.next_deadline > 30.0
    session.do(c.AckReminder())
    session.clock.advance(5.0)
    session.do(T)
    view = session.view()
    assert view.hold.in_transition and view.needs_ack  # withdraw reminder waits too
    session.clock.advance(60.0)
    assert session.view().hold.phase_seconds_left == 4.0
    session.do(c.AckReminder())
    session.clock.advance(4.0)
    session.do(T)
    assert session.view().hold.hour == 3
    assert replay(session.compiled, session.events) == session.state
