"""What the screen shows, computed from the state and `now`.

The UI never decides anything: it renders a `View` and sends commands. All the
arithmetic a screen needs (time left, breath fraction, which keys work now)
lives here, where it is tested without a terminal. The view first catches the
state up to `now` (as a `Tick` would) so a late tick never shows a stale phase.
"""

from __future__ import annotations

import math

from coach.engine import commands as c
from coach.engine.machine import (
    _get,
    apply,
    current_step,
    flat_steps,
    hold_pace,
    next_deadline,
    why_refused,
)
from coach.engine.pacer import hold_plan
from coach.engine.state import HoldView, State, TimerView, View
from coach.lesson.model import CheckinStep, HoldStep, Lesson, OpenStep, TimedStep

_NO_TIMER = TimerView(mode=None, seconds=0.0, done=False, target=None)

_ASKED = (c.Start(), c.Next(), c.Back(), c.Skip(), c.Pause(), c.Resume(), c.Stop(), c.Finish())
_last_allowed: tuple[Lesson, State, tuple[bool, ...]] | None = None


def _allowed(lesson: Lesson, state: State) -> tuple[bool, ...]:
    """Which of `_ASKED` the state allows; remembered while the state object stays the same.

    A state is replaced by every event and kept as it is by a tick that crosses
    nothing, so during a hold (a view ten times a second) the eight checks run
    once per breath phase instead of every frame.
    """
    global _last_allowed
    last = _last_allowed
    if last is not None and last[0] is lesson and last[1] is state:
        return last[2]
    allowed = tuple(why_refused(lesson, state, command) is None for command in _ASKED)
    _last_allowed = (lesson, state, allowed)
    return allowed


def effective_now(state: State, now: float) -> float:
    """The session time the screen shows: frozen while paused, stopped or ended."""
    if state.status == "ended" and state.ended_at is not None:
        return state.ended_at
    if state.paused_at is not None:
        return state.paused_at
    return max(now, state.last_t)


def view(lesson: Lesson, state: State, now: float) -> View:
    st, _ = apply(lesson, state, c.Tick(), now)
    flat = flat_steps(lesson)
    fs = current_step(lesson, st)
    eff = effective_now(st, now)
    started = st.started_at
    active = 0.0 if started is None else max(0.0, eff - started - st.paused_total)
    paused = st.paused_total
    if st.paused_at is not None and st.status != "ended":
        paused += max(0.0, max(now, st.last_t) - st.paused_at)

    timer = _NO_TIMER
    hold_view: HoldView | None = None
    deadline = next_deadline(lesson, st)
    live = st.status in ("running", "paused", "stopped") and fs is not None
    if st.ack_since is not None:
        eff = min(eff, st.ack_since)  # the step's clocks wait for the acknowledgement
    if live and fs is not None:
        step = fs.step
        if isinstance(step, OpenStep):
            up = max(0.0, eff - st.step_entered_at)
            timer = TimerView("up", up, False, step.suggested_seconds)
            if st.status == "running" and st.ack_since is None:
                tick = st.step_entered_at + math.floor(up) + 1.0
                deadline = tick if deadline is None else min(deadline, tick)
        elif isinstance(step, TimedStep):
            left = 0.0 if st.timer_ends_at is None else max(0.0, st.timer_ends_at - eff)
            timer = TimerView("down", 0.0 if st.timer_done else left, st.timer_done, step.seconds)
        elif isinstance(step, HoldStep) and st.hold is not None:
            hold_view = _hold_view(lesson, st, step, eff)
            total = hold_plan(step, hold_pace(lesson, step)).total
            timer = TimerView("down", hold_view.seconds_left, hold_view.done, total)

    can_start, can_next, can_back, can_skip, can_pause, can_resume, can_stop, can_finish = _allowed(
        lesson, st
    )
    step_obj = fs.step if fs is not None else None
    return View(
        status=st.status,
        step=fs,
        label=f"{fs.section_title} · {fs.index + 1} of {len(flat)}" if fs is not None else "",
        step_number=fs.index + 1 if fs is not None else 0,
        step_count=len(flat),
        active_seconds=active,
        paused_seconds=paused,
        timer=timer,
        hold=hold_view,
        reminders=st.pending,
        say=st.say,
        checked=(_get(st.checked, fs.id) if fs else None) or frozenset(),
        ratings=(_get(st.ratings, fs.id) if fs else None) or (),
        note=_get(st.notes, fs.id) if fs else None,
        review=st.review,
        can_start=can_start,
        can_next=can_next,
        can_back=can_back,
        can_skip=can_skip,
        can_pause=can_pause,
        can_resume=can_resume,
        can_stop=can_stop,
        can_finish=can_finish,
        needs_answer=st.status == "running" and isinstance(step_obj, CheckinStep),
        needs_ack=st.status != "ended" and st.needs_ack,
        stop_choices=("resume", "back", "end") if st.status == "stopped" else (),
        next_deadline=deadline if st.status == "running" else None,
        ended_reason=st.end_reason,
        end_message=st.end_message,
    )


def _hold_view(lesson: Lesson, st: State, step: HoldStep, eff: float) -> HoldView:
    assert st.hold is not None
    hold = st.hold
    plan = hold_plan(step, hold_pace(lesson, step))
    schedule = plan.schedule
    hours = tuple(p.at for p in step.positions)
    last = len(hours) - 1
    if hold.done:
        return HoldView(
            positions=hours,
            index=last,
            hour=hours[last],
            next_hour=None,
            phase=None,
            phase_fraction=1.0,
            phase_seconds_left=0.0,
            breath=step.breaths_at(last),
            breaths=step.breaths_at(last),
            breaths_left=0,
            depth=step.depth.value,
            in_transition=False,
            between_action=step.between.action,
            done=True,
            seconds_left=0.0,
        )
    cur = schedule[hold.phase_index]
    ends = hold.phase_ends_at if hold.phase_ends_at is not None else eff
    span = ends - hold.phase_started_at
    fraction = 1.0 if span <= 0 else min(1.0, max(0.0, (eff - hold.phase_started_at) / span))
    phase_left = max(0.0, ends - eff)
    rest = plan.after[hold.phase_index]
    p = cur.position_index
    transition = cur.phase == "transition"
    breaths = step.breaths_at(p)
    return HoldView(
        positions=hours,
        index=p,
        hour=hours[p],
        next_hour=hours[p + 1] if p < last else None,
        phase=cur.phase,
        phase_fraction=fraction,
        phase_seconds_left=phase_left,
        breath=cur.breath,
        breaths=breaths,
        breaths_left=0 if transition else breaths - cur.breath + 1,
        depth=step.depth.value,
        in_transition=transition,
        between_action=step.between.action,
        done=False,
        seconds_left=phase_left + rest,
    )
