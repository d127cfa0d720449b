"""Every bundled lesson runs start to finish under scripted people, and time never drifts.

The drivers act like a compliant person: acknowledge reminders, answer the
check-in, wait for the clock by jumping the FakeClock to `next_deadline`, else
press Next. A step budget catches routes that would loop forever.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.clock import FakeClock
from coach.engine.evolve import replay
from coach.engine.refusals import NEXT_GUARD_SECONDS
from coach.engine.session import Session
from coach.lesson import load_lesson
from coach.lesson.model import HoldStep, Lesson, TimedStep, planned_seconds

from .helpers import lesson as inline_lesson

LESSON_DIR = Path(__file__).resolve().parents[2] / "lessons"
BUNDLED = sorted(LESSON_DIR.glob("*.yaml"))


def waiting_on_time(session: Session) -> bool:
    """The step moves on (or finishes its clock) by itself, so the person just waits."""
    v = session.view()
    if v.step is None or v.next_deadline is None or v.waiting_ready:
        return False
    step = v.step.step
    if isinstance(step, TimedStep):
        return not v.timer.done
    return isinstance(step, HoldStep) and v.hold is not None and not v.hold.done


def run_to_end(lesson: Lesson, answer: bool, budget: int = 5000) -> Session:
    session = Session(lesson, FakeClock())
    session.do(c.Start())
    seen: dict[str, int] = {}
    for _ in range(budget):
        v = session.view()
        if v.status == "ended":
            return session
        if v.needs_ack:
            new = session.do(c.AckReminder())
        elif v.needs_answer:
            assert v.step is not None
            seen[v.step.id] = seen.get(v.step.id, 0) + 1
            # the second time at the same check-in, say the other thing: a loop must end
            new = session.do(c.Answer(answer if seen[v.step.id] == 1 else not answer))
        elif waiting_on_time(session):
            assert v.next_deadline is not None
            session.clock.set(v.next_deadline)  # type: ignore[attr-defined]
            new = session.tick()
        else:
            session.clock.advance(NEXT_GUARD_SECONDS)  # type: ignore[attr-defined]
            new = session.do(c.Next())
        assert new, f"stuck at {v.label}: {session.why_refused(c.Next())}"
    raise AssertionError(f"{lesson.id} did not end within {budget} actions")


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
@pytest.mark.parametrize("answer", [True, False], ids=["yes", "no"])
def test_bundled_lesson_runs_to_the_end(path: Path, answer: bool) -> None:
    lesson = load_lesson(path)
    session = run_to_end(lesson, answer)
    assert session.state.status == "ended"
    assert replay(session.compiled, session.events) == session.state
    times = [ev.t for ev in session.events]
    assert times == sorted(times)
    ended = session.events[-1]
    assert isinstance(ended, e.SessionEnded) and ended.reason in ("finished", "checkin")


def test_there_are_bundled_lessons() -> None:
    assert BUNDLED


def _hold_durations(events: list[e.Event]) -> list[tuple[str, float]]:
    """(step id, seconds from the first position's start to the last one's finish)."""
    out: list[tuple[str, float]] = []
    start: float | None = None
    finished: float | None = None
    for ev in events:
        if isinstance(ev, e.HoldPositionStarted) and ev.position_index == 0:
            start = ev.t
        elif isinstance(ev, e.HoldPositionFinished):
            finished = ev.t
        elif isinstance(ev, e.StepLeft) and start is not None and finished is not None:
            out.append((ev.step_id, finished - start))
            start = finished = None
    return out


LONG = """\
id: long
title: Long
summary: Thirty minutes of holds.
minutes: 30
pace: {inhale: 4, exhale: 6, rest: 0.5}
reminders:
  - {when: every, minutes: 4, text: Lube}
sections:
  - title: Holds
    steps:
%s
"""

HOLD = """\
      - id: h%d
        kind: hold
        lead_in: false
        title: Hold %d
        depth: first_knuckle
        positions: [12, 3, {at: 6, breaths: 5}, 9, 5, 7]
        breaths: 3
        pace: {inhale: %s, exhale: %s}
        between: {seconds: 7.25}
        reminders:
          - {when: between_positions, text: Withdraw}
          - {when: every, minutes: 1.5, text: Do not stay static}
"""


def test_thirty_minutes_without_drift() -> None:
    paces = [(4, 6), (3.5, 6.5), (4.25, 5.75), (5, 8), (4, 6), (3.75, 6.125), (4.5, 6), (4, 7.5)]
    body = "".join(HOLD % (i, i, a, b) for i, (a, b) in enumerate(paces))
    lesson = inline_lesson(LONG % body.rstrip("\n"))
    planned = {fs.id: planned_seconds(fs.step, lesson.pace) for fs in lesson.flat_steps()}  # type: ignore[arg-type]
    assert sum(planned.values()) > 30 * 60  # type: ignore[arg-type]

    rng = random.Random(7)
    lateness = [0.0625, 0.25, 0.5, 1.125, 2.75, 3.0, 0.015625]  # exact binary fractions
    clock = FakeClock()
    session = Session(lesson, clock)
    session.do(c.Start())
    paused_in: dict[str, float] = {}
    for _ in range(20000):
        v = session.view()
        if v.status == "ended":
            break
        if v.hold is not None and v.hold.done:
            session.do(c.Next())
            continue
        clock.advance(rng.choice(lateness))
        if rng.random() < 0.01:  # a pause of an irregular length, in the middle of anything
            session.do(c.Pause())
            during = session.view()  # the pause caught up first: where are we now?
            clock.advance(rng.choice(lateness) * 8)
            new = session.do(c.Resume())
            assert during.step is not None and during.hold is not None
            if not during.hold.done:
                sid = during.step.id
                paused_in[sid] = paused_in.get(sid, 0.0) + new[0].paused_seconds  # type: ignore[attr-defined]
        else:
            session.tick()
    assert session.state.status == "ended"
    measured = _hold_durations(session.events)
    assert [sid for sid, _ in measured] == [f"h{i}" for i in range(len(paces))]
    assert paused_in  # the random pauses did happen
    for sid, seconds in measured:
        assert seconds == planned[sid] + paused_in.get(sid, 0.0), sid
    end = session.view()
    assert end.active_seconds + end.paused_seconds == session.events[-1].t
    assert end.paused_seconds >= sum(paused_in.values())
    # every deadline event landed on its own time, not the tick's
    phases = [ev for ev in session.events if isinstance(ev, e.BreathPhaseChanged)]
    assert any(ev.t != int(ev.t * 4) / 4 for ev in phases)  # non-tick-aligned times exist
    assert replay(session.compiled, session.events) == session.state


def test_engine_never_imports_textual() -> None:
    code = "import sys, coach.engine, coach.lesson; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
