"""One event applied to a state: the only way a session's state changes.

`evolve` is pure and total over the events a lesson can produce, and `replay`
is nothing but its fold, so a journal of events rebuilds the exact state the
live session had: resume, follow and export all stand on that.

Times in the state are session-time deadlines; a pause shifts them when it
ends (`Resumed`), so "remaining" is always `deadline - now`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import replace
from operator import itemgetter
from typing import Any, TypeVar

from coach.engine import events as e
from coach.engine.compiled import CompiledLesson, EngineError
from coach.engine.state import EveryDue, HoldState, PendingReminder, State
from coach.lesson.model import FlatStep, HoldStep, Reminder, TimedStep, Trigger

INITIAL = State()
_NO_HOLD = HoldState()

K = TypeVar("K")
V = TypeVar("V")


# --------------------------------------------------------------------------- small helpers


def current_step(lesson: CompiledLesson, state: State) -> FlatStep | None:
    if state.step_index is None:
        return None
    return lesson.steps[state.step_index]


def put(pairs: tuple[tuple[K, V], ...], key: K, value: V | None) -> tuple[tuple[K, V], ...]:
    """Set (or with None, remove) `key` in a tuple of pairs kept sorted by key."""
    i = bisect_left(pairs, key, key=_first)  # type: ignore[arg-type]
    end = i + 1 if i < len(pairs) and pairs[i][0] == key else i
    if value is None:
        return pairs[:i] + pairs[end:]
    return (*pairs[:i], (key, value), *pairs[end:])


def get(pairs: tuple[tuple[K, V], ...], key: K) -> V | None:
    i = bisect_left(pairs, key, key=_first)  # type: ignore[arg-type]
    if i < len(pairs) and pairs[i][0] == key:
        return pairs[i][1]
    return None


_first = itemgetter(0)


def reminder_key(step_id: str | None, trigger: Trigger, index: int) -> str:
    return f"{step_id or 'lesson'}/{trigger.value}/{index}"


def _every_of(reminders: Sequence[Reminder], step_id: str | None, t: float) -> tuple[EveryDue, ...]:
    out = []
    for i, r in enumerate(reminders):
        if r.when is Trigger.EVERY and r.minutes is not None:
            period = r.minutes * 60.0
            key = reminder_key(step_id, Trigger.EVERY, i)
            out.append(EveryDue(key, r.text, r.ack, step_id, period, t + period))
    return tuple(out)


# --------------------------------------------------------------------------- evolve


def evolve(lesson: CompiledLesson, state: State, event: e.Event) -> State:
    """The state after one event. Pure."""
    # One `_replace` per event (each copies every field of the state): `last_t` goes with it.
    last_t = max(state.last_t, event.t)
    st = state
    match event:
        # Most events of a session are breath phases: they are matched first.
        case e.BreathPhaseChanged(t=t, position_index=p, breath=breath, phase=phase):
            plan = lesson.plan(st.step_index)
            idx = plan.phase_index(p, breath, phase)
            hold = (st.hold or _NO_HOLD)._replace(
                phase_index=idx,
                phase_started_at=t,
                phase_ends_at=t + plan.schedule[idx].seconds,
                position_index=p,
            )
            return st._replace(last_t=last_t, waiting_ready=False, hold=hold)
        case e.SessionStarted(t=t):
            return st._replace(
                status="running", started_at=t, every=_every_of(lesson.reminders, None, t)
            )
        case e.StepEntered(t=t, step_id=step_id, index=index):
            if not 0 <= index < len(lesson.steps) or lesson.steps[index].id != step_id:
                raise EngineError(f"lesson {lesson.id!r} has no step {step_id!r} at {index + 1}")
            fs = lesson.steps[index]
            step = fs.step
            return st._replace(
                last_t=last_t,
                ack_since=None if st.ack_since is None else t,
                step_index=index,
                step_entered_at=t,
                guard_from=t,
                timer_ends_at=t + step.seconds if isinstance(step, TimedStep) else None,
                timer_done=False,
                waiting_ready=False,
                hold=None,
                every=st.every + _every_of(step.reminders, fs.id, t),
            )
        case e.StepLeft(step_id=step_id, index=index, reason=reason):
            return st._replace(
                last_t=last_t,
                history=st.history if reason == "restart" else (*st.history, index),
                timer_ends_at=None,
                timer_done=False,
                waiting_ready=False,
                hold=None,
                every=tuple(d for d in st.every if d.step_id != step_id),
                pending=tuple(r for r in st.pending if r.ack),
                skipped=st.skipped | {step_id} if reason == "skip" else st.skipped,
                say=st.say if reason == "checkin" else None,
            )
        case e.LeadIn():
            return st._replace(last_t=last_t, waiting_ready=True, timer_ends_at=None)
        case e.Ready(t=t):
            fs = current_step(lesson, st)
            timed = fs is not None and isinstance(fs.step, TimedStep)
            return st._replace(
                last_t=last_t,
                waiting_ready=False,
                guard_from=t,
                step_entered_at=t if timed else st.step_entered_at,
                timer_ends_at=t + fs.step.seconds if timed else st.timer_ends_at,  # type: ignore[union-attr]
            )
        case e.TimerDone():
            return st._replace(last_t=last_t, timer_done=True)
        case e.HoldPositionStarted(position_index=p):
            _hold_step(lesson, st)
            hold = st.hold or _NO_HOLD
            return st._replace(
                last_t=last_t,
                waiting_ready=False,  # journals from before lead-ins: the hold began at once
                hold=hold._replace(position_index=p, started=(*hold.started, p)),
                pending=tuple(r for r in st.pending if r.ack or r.trigger != "between_positions"),
            )
        case e.HoldPositionFinished(t=t, position_index=p):
            step = _hold_step(lesson, st)
            hold = st.hold or _NO_HOLD
            finished = (*hold.finished, p)
            if p == len(step.positions) - 1:
                hold = hold._replace(
                    finished=finished, done=True, phase_ends_at=None, phase_started_at=t
                )
            else:
                hold = hold._replace(finished=finished)
            return st._replace(last_t=last_t, hold=hold)
        case e.ReminderShown(t=t, key=key, text=text, ack=ack, trigger=trigger, step_id=sid):
            every = st.every
            if trigger == "every":
                every = tuple(replace(d, due=t + d.period) if d.key == key else d for d in every)
            pending = st.pending
            if not any(r.key == key for r in pending):
                pending = (*pending, PendingReminder(key, text, ack, trigger, sid, t))
            ack_since = t if ack and st.ack_since is None else st.ack_since
            return st._replace(last_t=last_t, every=every, pending=pending, ack_since=ack_since)
        case e.ReminderAcknowledged(t=t, key=key):
            pending = list(st.pending)
            for i, r in enumerate(pending):
                if r.key == key:
                    del pending[i]
                    break
            st = st._replace(last_t=last_t, pending=tuple(pending), guard_from=t)
            if st.ack_since is not None and not any(r.ack for r in pending):
                return st._replace(
                    last_t=last_t, ack_since=None, **_step_clocks_shifted(st, t - st.ack_since)
                )
            return st
        case e.ProjectorBlanked(on=on):
            return st._replace(last_t=last_t, projector_blank=on)
        case e.Recovered(message=message):
            return st._replace(last_t=last_t, say=message)
        case e.CheckinAnswered(step_id=sid, answer=answer, say=say):
            return st._replace(last_t=last_t, answers=put(st.answers, sid, answer), say=say)
        case e.ChecklistToggled(step_id=sid, item=item, checked=checked):
            items = get(st.checked, sid) or frozenset()
            items = items | {item} if checked else items - {item}
            return st._replace(last_t=last_t, checked=put(st.checked, sid, items))
        case e.Rated(step_id=sid, item=item, rating=rating):
            ratings = put(get(st.ratings, sid) or (), item, rating)
            return st._replace(last_t=last_t, ratings=put(st.ratings, sid, ratings))
        case e.NoteWritten(step_id=sid, text=text):
            return st._replace(
                last_t=last_t, notes=put(st.notes, sid, text if text.strip() else None)
            )
        case e.ReviewSaved(text=text):
            return st._replace(last_t=last_t, review=text)
        case e.Paused(t=t):
            return st._replace(last_t=last_t, status="paused", paused_at=t)
        case e.Resumed(paused_seconds=d):
            return st._replace(
                last_t=last_t,
                status="running",
                paused_at=None,
                paused_total=st.paused_total + d,
                every=tuple(replace(x, due=x.due + d) for x in st.every),
                ack_since=None if st.ack_since is None else st.ack_since + d,
                **_step_clocks_shifted(st, d),
            )
        case e.Stopped(t=t):
            return st._replace(
                status="stopped", paused_at=t if st.paused_at is None else st.paused_at
            )
        case e.StopResolved(choice=choice):
            return st._replace(last_t=last_t, status=st.status if choice == "end" else "paused")
        case e.SessionEnded(t=t, reason=reason, message=message):
            paused = st.paused_total + (t - st.paused_at if st.paused_at is not None else 0.0)
            return st._replace(
                last_t=last_t,
                status="ended",
                ended_at=t,
                end_reason=reason,
                end_message=message,
                paused_at=None,
                paused_total=paused,
                every=(),
                timer_ends_at=None,
                hold=None,
                ack_since=None,
                waiting_ready=False,
            )
    raise EngineError(f"unknown event {type(event).__name__}")  # pragma: no cover


def _hold_step(lesson: CompiledLesson, state: State) -> HoldStep:
    fs = current_step(lesson, state)
    if fs is None or not isinstance(fs.step, HoldStep):
        raise EngineError("a hold event arrived outside a hold step")
    return fs.step


def _step_clocks_shifted(st: State, d: float) -> dict[str, Any]:
    """The step's own deadlines (timer, stopwatch, hold) moved `d` seconds later."""
    hold = st.hold
    if hold is not None:
        hold = hold._replace(
            phase_started_at=hold.phase_started_at + d,
            phase_ends_at=None if hold.phase_ends_at is None else hold.phase_ends_at + d,
        )
    return {
        "step_entered_at": st.step_entered_at + d,
        "timer_ends_at": None if st.timer_ends_at is None else st.timer_ends_at + d,
        "hold": hold,
    }


def replay(lesson: CompiledLesson, events: Iterable[e.Event], state: State = INITIAL) -> State:
    """The state a list of events leads to: the fold of `evolve`.

    Raises `EngineError` naming the event when the events do not fit the
    lesson (a journal written against another lesson or another version).
    """
    for number, event in enumerate(events, 1):
        try:
            state = evolve(lesson, state, event)
        except EngineError as exc:
            raise EngineError(f"event {number} ({type(event).__name__}): {exc}") from None
        except (IndexError, ValueError, TypeError) as exc:
            raise EngineError(
                f"event {number} ({type(event).__name__}) does not fit lesson "
                f"{lesson.id!r} version {lesson.version!r}: {exc or 'out of range'}"
            ) from None
    return state
