"""What a class may see of a session, as one small JSON-ready dict.

The class view gets a new snapshot only when something it shows changes (an
event in the journal, a breath phase crossed, the instructor's coach gone), so
every moving thing is sent as *deadlines in wall-clock milliseconds*, never as
a count: the page animates the pacer and counts the timers by itself.

`wall_ms` maps the instructor's session time to the wall clock; the feed fixes
that mapping each time the journal grows, so between events the same state
always gives the same snapshot (the server compares them to skip repeats).

Deliberately left out: the instructor's `note:` on steps and on hold
positions, the step's `say:` (a line written to be spoken), feedback ratings,
the review text and anything else typed during the session. (A check-in
route's `say:`, what the answer said on the way, is shown to everyone.) Every
string goes through `coach.text.visible`; the page inserts it with ``textContent``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coach.engine import commands as c
from coach.engine.compiled import CompiledLesson
from coach.engine.decide import apply
from coach.engine.state import State, View
from coach.follower import status_line
from coach.lesson.model import (
    CheckinStep,
    ChecklistStep,
    FeedbackStep,
    ReviewStep,
)
from coach.text import visible

WallMs = Callable[[float], int]

WAITING_MESSAGE = "Waiting for the instructor to start a session"
UNAVAILABLE_MESSAGE = "This session cannot be shown here"


def _text(value: str | None) -> str | None:
    return None if value is None else visible(value)


def banner(state: str, message: str) -> dict[str, Any]:
    """A snapshot with no session in it: waiting, or a problem to say."""
    return {"state": state, "message": visible(message)}


def _step(view: View) -> dict[str, Any] | None:
    if view.step is None:
        return None
    step = view.step.step
    out: dict[str, Any] = {
        "kind": step.kind,
        "title": visible(step.title),
        "do": _text(step.do),
        "cue": _text(step.cue),
        "why": _text(step.why),
        "safety": _text(step.safety),
    }
    if isinstance(step, ChecklistStep):
        out["items"] = [visible(item) for item in step.items]
        out["checked"] = sorted(view.checked)
    elif isinstance(step, FeedbackStep):
        out["items"] = [visible(item) for item in step.items]
    elif isinstance(step, ReviewStep):
        out["items"] = [visible(item) for item in step.prompts]
    elif isinstance(step, CheckinStep):
        out["question"] = visible(step.question)
    return out


def _clocks_run(state: State) -> bool:
    return state.status == "running" and state.ack_since is None


def _timer(view: View, state: State, wall_ms: WallMs) -> dict[str, Any] | None:
    timer = view.timer
    if timer.mode is None:
        return None
    out: dict[str, Any] = {
        "mode": timer.mode,
        "seconds": round(timer.seconds, 3),
        "target": timer.target,
        "done": timer.done,
        "running": False,
    }
    if not _clocks_run(state) or timer.done:
        return out  # frozen (paused, waiting for an ack, or run out): the seconds it shows
    if timer.mode == "up":
        out.update(running=True, seconds=None, since_ms=wall_ms(state.step_entered_at))
    elif view.hold is None and state.timer_ends_at is not None:
        out.update(running=True, seconds=None, deadline_ms=wall_ms(state.timer_ends_at))
    return out


def _hold(
    lesson: CompiledLesson, view: View, state: State, wall_ms: WallMs
) -> dict[str, Any] | None:
    hold_view = view.hold
    if hold_view is None or view.step is None or state.hold is None:
        return None
    out: dict[str, Any] = {
        "positions": list(hold_view.positions),
        "index": hold_view.index,
        "hour": hold_view.hour,
        "next_hour": hold_view.next_hour,
        "depth": visible(hold_view.depth),
        "phase": hold_view.phase,
        "fraction": round(hold_view.phase_fraction, 3),
        "breath": hold_view.breath,
        "breaths": hold_view.breaths,
        "transition": hold_view.in_transition,
        "between": visible(hold_view.between_action),
        "done": hold_view.done,
        "running": False,
    }
    hold = state.hold
    if _clocks_run(state) and not hold.done and hold.phase_ends_at is not None:
        rest = lesson.plan(view.step.index).after[hold.phase_index]
        out.update(
            running=True,
            fraction=None,  # the page works it out from the two deadlines
            phase_start_ms=wall_ms(hold.phase_started_at),
            phase_end_ms=wall_ms(hold.phase_ends_at),
            end_ms=wall_ms(hold.phase_ends_at + rest),
        )
    return out


def snapshot(
    lesson: CompiledLesson, state: State, view: View, now: float, wall_ms: WallMs
) -> dict[str, Any]:
    """The class's snapshot of `view` (computed at session time `now`).

    While a lead-in waits for the instructor's "ready" nothing runs: the timer
    shows its full length, frozen, there is no pacer yet, and `waiting_ready`
    is true (the message says the class is getting ready).

    `state` is the mirror's folded state; it is caught up to `now` here, as the
    view was, so deadlines come from the same moment the view shows.
    """
    caught_up, _ = apply(lesson, state, c.Tick(), now)
    fs = view.step
    timer = _timer(view, caught_up, wall_ms)
    hold = _hold(lesson, view, caught_up, wall_ms)
    if timer is not None and hold is not None and hold["running"]:
        # A hold's clock is the whole hold: it runs out with the last phase.
        timer.update(running=True, seconds=None, deadline_ms=hold["end_ms"])
    return {
        "state": "ended" if view.status == "ended" else "live",
        "message": visible(status_line(view, caught_up)),
        "lesson": visible(lesson.lesson.title),
        "status": view.status,
        "section": visible(fs.section_title) if fs is not None else "",
        "number": view.step_number,
        "count": view.step_count,
        "step": _step(view),
        "timer": timer,
        "hold": hold,
        "reminders": [visible(r.text) for r in view.reminders],
        "say": _text(view.say),
        "waiting_ready": view.waiting_ready,
    }
