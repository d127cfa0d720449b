"""The engine's part of issue 19: the Next guard, lead-ins, Back a step, no reminder twice,
and a journal cut right after SessionStarted (issue 16)."""

from __future__ import annotations

from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.clock import FakeClock
from coach.engine.evolve import replay
from coach.engine.refusals import NEXT_GUARD_SECONDS
from coach.engine.session import Session
from coach.lesson import load_lesson_text

from .helpers import HEAD, kinds

LEAD = (
    HEAD
    + """\
sections:
  - title: S
    steps:
      - id: one
        title: One
      - id: wait
        kind: timed
        title: Wait
        seconds: 20
      - id: hold
        kind: hold
        title: Hold
        depth: surface
        positions: [12, 3]
        breaths: 1
        pace: {inhale: 2, exhale: 3}
        between: {seconds: 4}
        reminders:
          - {when: between_positions, text: Withdraw}
      - id: last
        title: Last
"""
)


def session() -> Session:
    return Session(load_lesson_text(LEAD), FakeClock())


def test_next_is_refused_for_a_moment_after_a_step_begins() -> None:
    s = session()
    s.do(c.Start())
    s.clock.advance(NEXT_GUARD_SECONDS / 2)  # type: ignore[attr-defined]
    assert s.do(c.Next()) == []
    assert "Just begun" in (s.why_refused(c.Next()) or "")
    s.clock.advance(NEXT_GUARD_SECONDS / 2)  # type: ignore[attr-defined]
    assert kinds(s.do(c.Next()))[:2] == ["StepLeft", "StepEntered"]


def test_a_lead_in_waits_for_ready_and_the_next_key_says_it() -> None:
    s = session()
    s.do(c.Start())
    s.clock.advance(1)  # type: ignore[attr-defined]
    assert kinds(s.do(c.Next()))[-1] == "LeadIn"
    s.clock.advance(30)  # type: ignore[attr-defined]
    v = s.view()
    assert v.waiting_ready and v.timer.seconds == 20.0 and not v.timer.done
    assert s.do(c.Next()) == [e.Ready(31.0, "wait")]
    s.clock.advance(0.3)  # type: ignore[attr-defined]
    assert s.do(c.Next()) == []  # the press that started the timer cannot end the step
    s.clock.advance(10)  # type: ignore[attr-defined]
    assert abs(s.view().timer.seconds - 9.7) < 1e-9
    assert replay(s.compiled, s.events) == s.state


def test_a_hold_with_a_lead_in_starts_its_breaths_on_ready() -> None:
    s = session()
    s.do(c.Start())
    s.do(c.JumpTo("hold"))
    assert s.view().hold is None and s.view().waiting_ready
    s.clock.advance(5)  # type: ignore[attr-defined]
    assert kinds(s.do(c.Ready())) == ["Ready", "HoldPositionStarted", "BreathPhaseChanged"]
    assert s.view().hold.hour == 12  # type: ignore[union-attr]


def test_back_after_stop_is_the_step_before_in_lesson_order() -> None:
    s = session()
    s.do(c.Start())
    s.do(c.JumpTo("last"))  # visited: one, then last
    s.do(c.Stop())
    s.do(c.StopChoice("back"))
    assert s.view().step.id == "hold"  # type: ignore[union-attr]


def test_resuming_between_positions_shows_the_reminder_once() -> None:
    s = session()
    s.do(c.Start())
    s.do(c.JumpTo("hold"))
    s.do(c.Ready())
    s.clock.advance(5.5)  # type: ignore[attr-defined]
    s.tick()  # one breath done: now between positions, the reminder on screen
    assert [r.text for r in s.view().reminders] == ["Withdraw"]
    new = s.do(c.Recover())
    assert "ReminderShown" not in kinds(new)
    assert [r.text for r in s.view().reminders] == ["Withdraw"]


def test_a_journal_cut_after_session_started_resumes_at_the_first_step() -> None:
    lesson = load_lesson_text(LEAD)
    s = Session(lesson, FakeClock(3.0), [e.SessionStarted(0.0, "t", "1", 4)])
    new = s.do(c.Recover())
    assert kinds(new) == ["Recovered", "StepEntered"]
    assert s.view().step.id == "one"  # type: ignore[union-attr]
