"""A simulated person driving the engine on a `FakeClock`.

Why: the memory and scale figures need long sessions (30 minutes, 100,000
events) that exercise every kind of step the way a person would (tick the
checklist, rate the feedback, answer check-ins, wait out timers and holds,
acknowledge reminders, pause now and then), in seconds of real time, and
reproducibly. Time only moves when we move it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.engine.decide import next_deadline
from coach.engine.evolve import current_step
from coach.engine.session import Session
from coach.lesson.model import (
    CheckinStep,
    ChecklistStep,
    FeedbackStep,
    HoldStep,
    OpenStep,
    Rating,
    ReviewStep,
    TimedStep,
)

DWELL = 8.0
"""Seconds a person spends on a step that does not wait for a timer."""

_RATINGS = (Rating.GOOD, Rating.NEUTRAL, Rating.BAD)


def act(session: Any, do: Callable[[c.Command], object] | None = None) -> bool:
    """Do what a person would do now, if anything is due; True if something was done.

    `session` is an engine `Session` (or anything with `.lesson`, `.state`,
    `.clock`); commands go through `do` (default `session.do`), so the same
    person can drive the app through `CoachApp.send`.
    """
    do = do or session.do
    st = session.state
    if st.status == "idle":
        do(c.Start())
        return True
    if st.status != "running":
        return False
    if st.needs_ack:
        do(c.AckReminder())
        return True
    if st.waiting_ready:  # a lead-in: the person says ready
        do(c.Ready())
        return True
    fs = current_step(session.compiled, st)
    assert fs is not None
    step = fs.step
    now = session.clock.now()
    on_step = now - st.step_entered_at
    if isinstance(step, HoldStep):
        if st.hold is not None and st.hold.done:
            do(c.Next())
            return True
        return False
    if isinstance(step, TimedStep):
        if st.timer_done:
            do(c.Next())
            return True
        return False
    if on_step < DWELL:
        return False
    if isinstance(step, ChecklistStep):
        for i in range(len(step.items)):
            do(c.Toggle(i))
    elif isinstance(step, FeedbackStep):
        for i in range(len(step.items)):
            do(c.Rate(i, _RATINGS[(fs.index + i) % 3]))
    elif isinstance(step, CheckinStep):
        do(c.Answer(True))
        return True
    elif isinstance(step, ReviewStep):
        do(c.ReviewText("It went well; slower next time."))
        do(c.Finish())
        return True
    elif isinstance(step, OpenStep) and fs.index % 5 == 0:
        do(c.Note(f"note on {fs.id}"))
    if fs.index % 7 == 3:  # now and then the person pauses for a moment
        do(c.Pause())
        session.clock.advance(2.0)  # type: ignore[attr-defined]
        do(c.Resume())
    do(c.Next())
    return True


def simulate(
    session: Session,
    clock: FakeClock,
    seconds: float,
    *,
    frame_hz: float | None = 10.0,
    on_frame: Callable[[], None] | None = None,
    max_events: int | None = None,
) -> None:
    """Run the session for `seconds` of session time (or until it ends / has `max_events`).

    With `frame_hz`, time moves in frames like a screen that repaints (the view
    is computed every frame, as the UI does); with None, it jumps straight to
    the next thing that happens (deadline or a person's move), which is how
    the scale benchmarks make 100,000 events quickly.
    """
    end = clock.now() + seconds
    while clock.now() < end and session.state.status != "ended":
        if max_events is not None and len(session.events) >= max_events:
            return
        if act(session):
            continue
        if frame_hz is not None:
            clock.advance(1.0 / frame_hz)
            session.do(c.Tick())
            session.view()
            if on_frame is not None:
                on_frame()
            continue
        due = next_deadline(session.compiled, session.state)
        wake = session.state.step_entered_at + DWELL
        target = min(x for x in (due, wake, end) if x is not None)
        if target <= clock.now():
            target = clock.now() + 0.5
        clock.set(target)
        session.do(c.Tick())
