"""What the screen shows, computed from the state and `now`.

The UI never decides anything: it renders a `View` and sends commands. All the
arithmetic a screen needs (time left, breath fraction, which keys work now)
lives here, where it is tested without a terminal. The view first catches the
state up to `now` (as a `Tick` would) so a late tick never shows a stale phase.
"""

from __future__ import annotations

import math

from coach.engine import commands as c
from coach.engine.compiled import CompiledLesson
from coach.engine.decide import apply, next_deadline
from coach.engine.evolve import current_step, get
from coach.engine.pacer import HoldPlan
from coach.engine.refusals import why_refused
from coach.engine.state import HoldView, State, TimerView, View
from coach.lesson.model import CheckinStep, HoldStep, OpenStep, TimedStep

_NO_TIMER = TimerView(mode=None, seconds=0.0, done=False, target=None)

_ASKED = (c.Start(), c.Next(), c.Back(), c.Skip(), c.Pause(), c.Resume(), c.Stop(), c.Finish())


def _allowed(lesson: CompiledLesson, state: State) -> tuple[bool, ...]:
    """Which of `_ASKED` the state allows (the keys the screen offers)."""
    return tuple(why_refused(lesson, state, command) is None for command in _ASKED)


def effective_now(state: State, now: float) -> float:
    """The session time the screen shows: frozen while paused, stopped or ended."""
    if state.status == "ended" and state.ended_at is not None:
        return state.ended_at
    if state.paused_at is not None:
        return state.paused_at
    return max(now, state.last_t)


def view(lesson: CompiledLesson, state: State, now: float) -> View:
    st, _ = apply(lesson, state, c.Tick(), now)
    flat = lesson.steps
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
            left = step.seconds if st.timer_ends_at is None else max(0.0, st.timer_ends_at - eff)
            timer = TimerView("down", 0.0 if st.timer_done else left, st.timer_done, step.seconds)
        elif isinstance(step, HoldStep) and st.hold is not None:
            plan = lesson.plan(fs.index)
            hold_view = _hold_view(plan, st, step, eff)
            total = plan.total
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
        checked=(get(st.checked, fs.id) if fs else None) or frozenset(),
        ratings=(get(st.ratings, fs.id) if fs else None) or (),
        note=get(st.notes, fs.id) if fs else None,
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
        waiting_ready=st.status != "ended" and st.waiting_ready,
        stop_choices=("resume", "back", "end") if st.status == "stopped" else (),
        next_deadline=deadline if st.status == "running" else None,
        ended_reason=st.end_reason,
        end_message=st.end_message,
    )


def _hold_view(plan: HoldPlan, st: State, step: HoldStep, eff: float) -> HoldView:
    assert st.hold is not None
    hold = st.hold
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
