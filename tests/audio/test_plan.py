"""Engine events to cues, and plans from a state, as tables."""

from __future__ import annotations

import pytest

from coach.audio import lines
from coach.audio.cues import CueKind
from coach.audio.plan import PlannedCue, count_ins, cues_for_events, plan_ahead
from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.clock import FakeClock
from coach.engine.compiled import compile_lesson
from coach.engine.session import Session

from .helpers import lesson

K = CueKind


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (e.BreathPhaseChanged(2.0, "hold", 0, 1, "inhale"), [PlannedCue(2.0, K.INHALE)]),
        (e.BreathPhaseChanged(2.0, "hold", 0, 1, "exhale"), [PlannedCue(2.0, K.EXHALE)]),
        (e.BreathPhaseChanged(2.0, "hold", 0, 1, "rest"), []),
        (
            e.BreathPhaseChanged(2.0, "hold", 0, 0, "transition"),
            [PlannedCue(2.0, K.NEXT_POSITION, "Withdraw slowly. Move to 3 o'clock.")],
        ),
        (e.HoldPositionFinished(3.0, "hold", 0, 12, 2), []),
        (e.HoldPositionFinished(3.0, "hold", 1, 3, 2), [PlannedCue(3.0, K.HOLD_DONE)]),
        (e.TimerDone(4.0, "wait"), [PlannedCue(4.0, K.TIMER_DONE)]),
        (
            e.ReminderShown(5.0, "k", "Lube\x1b[31m", False, "every", None),
            [PlannedCue(5.0, K.REMINDER, "Lube[31m.")],
        ),
        (e.StepEntered(6.0, "hello", 0), [PlannedCue(6.0, None, "Hello there.")]),
        (
            e.StepEntered(6.0, "ask", 3),
            [PlannedCue(6.0, K.CHECKIN, "Ask. Go on? Answer yes or no.")],
        ),
        (e.LeadIn(6.0, "hold"), [PlannedCue(6.0, K.READY, lines.READY_LINE)]),
        (e.Ready(6.5, "hold"), [PlannedCue(6.5, K.COUNT_IN)]),
        (e.Stopped(7.0, "hold"), [PlannedCue(7.0, K.STOP, lines.STOP_LINE)]),
        (e.Paused(8.0), []),
        (
            e.SessionEnded(9.0, "checkin", "We stop here."),
            [PlannedCue(9.0, K.HOLD_DONE, "We stop here.")],
        ),
    ],
)
def test_events_sound_like(event: e.Event, expected: list[PlannedCue]) -> None:
    assert cues_for_events(compile_lesson(lesson()), [event]) == expected


def in_the_hold() -> Session:
    """A session (no Next guard) at the hold's first inhale at t = 0: ready said at once."""
    session = Session(lesson(), FakeClock(), next_guard=0)
    session.do(c.Start())
    session.do(c.Next())
    session.do(c.Ready())
    return session


def test_a_lead_in_plans_nothing_until_ready() -> None:
    session = Session(lesson(), FakeClock(), next_guard=0)
    session.do(c.Start())
    entered = session.do(c.Next())
    assert [cue.kind for cue in cues_for_events(session.compiled, entered)] == [None, K.READY]
    assert plan_ahead(session.compiled, session.state) == []
    session.clock.advance(30.0)  # type: ignore[attr-defined]
    started = session.do(c.Ready())
    assert [(cue.at, cue.kind) for cue in cues_for_events(session.compiled, started)] == [
        (30.0, K.COUNT_IN),
        (30.0, K.INHALE),
    ]
    assert plan_ahead(session.compiled, session.state)[0] == PlannedCue(32.0, K.EXHALE)


def test_nothing_is_planned_unless_running() -> None:
    session = Session(lesson(), FakeClock(), next_guard=0)
    assert plan_ahead(session.compiled, session.state) == []
    session.do(c.Start())
    session.do(c.Next())
    session.do(c.Ready())
    assert plan_ahead(session.compiled, session.state)
    session.do(c.Pause())
    assert plan_ahead(session.compiled, session.state) == []


def test_plan_is_limited_to_its_horizon_and_in_order() -> None:
    session = in_the_hold()
    plan = plan_ahead(session.compiled, session.state, horizon=10.0)
    assert [cue.at for cue in plan] == sorted(cue.at for cue in plan)
    assert plan[-1].at <= 10.0
    assert [cue.kind for cue in plan[:3]] == [K.EXHALE, K.INHALE, K.EXHALE]


def test_a_transition_counts_in_on_its_last_three_seconds() -> None:
    session = in_the_hold()
    session.clock.advance(12.0)  # type: ignore[attr-defined]
    session.tick()  # now in the transition that began at 12
    assert [x.at for x in count_ins(session.compiled, session.state)] == [13.0, 14.0, 15.0]
