"""The session engine: commands in, events out, state folded from events.

Event-sourced on purpose. `decide` looks at a state and a command and says what
happens (a list of events, empty when the command is refused); `evolve` applies
one event to a state. `replay` is only the fold of `evolve`, so a journal of
events rebuilds the exact state, and the same code path serves the live app,
`resume`, `follow` and `export`. (It folds a run of breath phases in one step,
to the state `evolve` would give: a long journal is mostly breath phases, and
a resume replays all of it before the first frame.)

Time comes in as `now`. Timers are deadlines in session time: before handling
any command the engine "catches up", emitting every deadline crossed up to
`now` with `t` set to the deadline itself, so ticking late or at any rate never
drifts. A pause freezes everything and `Resumed` shifts every deadline by the
time paused.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import fields, replace
from operator import itemgetter
from typing import Any, TypeVar

from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.clock import Clock
from coach.engine.pacer import HoldPhase, HoldPlan, hold_plan
from coach.engine.state import EveryDue, HoldState, PendingReminder, State, View
from coach.errors import CoachError
from coach.lesson.model import (
    CheckinStep,
    ChecklistStep,
    FeedbackStep,
    FlatStep,
    HoldStep,
    Lesson,
    Pace,
    Reminder,
    ReviewStep,
    TimedStep,
    Trigger,
)

INITIAL = State()
_NO_HOLD = HoldState()  # what a hold's first event builds on (frozen: one serves every hold)

K = TypeVar("K")
V = TypeVar("V")
D = TypeVar("D", State, HoldState)


class EngineError(CoachError):
    """Events that do not fit the lesson (a journal of another lesson, say)."""


# --------------------------------------------------------------------------- helpers


_FIELDS = {cls: frozenset(f.name for f in fields(cls)) for cls in (State, HoldState)}
_new = object.__new__
_set = object.__setattr__


def _replace(obj: D, **changes: Any) -> D:
    """`dataclasses.replace` for `State` and `HoldState` (frozen, no `__post_init__`).

    The same new object, made by copying the instance dict and the changes
    into a bare instance: `replace` inspects every field and calls the keyword
    `__init__`, and `evolve` makes one or two of these per event, so they were
    most of the cost of a replay.
    """
    cls = type(obj)
    if not _FIELDS[cls].issuperset(changes):
        unknown = ", ".join(sorted(set(changes) - _FIELDS[cls]))
        raise TypeError(f"{cls.__name__} has no field(s) {unknown}")
    values = obj.__dict__.copy()
    values.update(changes)
    new = _new(cls)
    _set(new, "__dict__", values)  # past the frozen __setattr__, as __init__ goes
    return new


_Cached = tuple[weakref.ref[Lesson], tuple[FlatStep, ...], dict[int, HoldPlan]]
_FLAT: dict[int, _Cached] = {}


def _cached(lesson: Lesson) -> _Cached:
    # Keyed by identity: hashing a whole frozen lesson on every event costs more
    # than the rest of `evolve`. The weak reference drops the entry with the lesson.
    key = id(lesson)
    hit = _FLAT.get(key)
    if hit is not None and hit[0]() is lesson:
        return hit
    entry = (
        weakref.ref(lesson, lambda _ref, key=key: _FLAT.pop(key, None)),  # type: ignore[misc]
        tuple(lesson.flat_steps()),
        {},  # hold plans by step index, filled by `_hold_plan`
    )
    _FLAT[key] = entry
    return entry


def _flat(lesson: Lesson) -> tuple[FlatStep, ...]:
    return _cached(lesson)[1]


def flat_steps(lesson: Lesson) -> tuple[FlatStep, ...]:
    """The lesson's steps in order (cached: lessons are frozen)."""
    return _flat(lesson)


def _index_of(lesson: Lesson, step_id: str) -> int | None:
    for fs in _flat(lesson):
        if fs.id == step_id:
            return fs.index
    return None


def current_step(lesson: Lesson, state: State) -> FlatStep | None:
    if state.step_index is None:
        return None
    return _flat(lesson)[state.step_index]


def hold_pace(lesson: Lesson, step: HoldStep) -> Pace:
    return step.pace or lesson.pace


def schedule_of(lesson: Lesson, step: HoldStep) -> tuple[HoldPhase, ...]:
    return hold_plan(step, hold_pace(lesson, step)).schedule


def _put(pairs: tuple[tuple[K, V], ...], key: K, value: V | None) -> tuple[tuple[K, V], ...]:
    """Set (or with None, remove) `key` in a sorted tuple of pairs.

    The pairs are sorted by key with each key once (`_put` is their only
    writer), so the place is found by bisection and the tuple is rebuilt from
    two slices: these grow with every step that gets a tick, rating or note.
    """
    i = bisect_left(pairs, key, key=_first)  # type: ignore[arg-type]
    end = i + 1 if i < len(pairs) and pairs[i][0] == key else i
    if value is None:
        return pairs[:i] + pairs[end:] if end > i else pairs
    return pairs[:i] + ((key, value),) + pairs[end:]  # noqa: RUF005 - unpacking copies twice


def _get(pairs: tuple[tuple[K, V], ...], key: K) -> V | None:
    i = bisect_left(pairs, key, key=_first)  # type: ignore[arg-type]
    if i < len(pairs) and pairs[i][0] == key:
        return pairs[i][1]
    return None


_first = itemgetter(0)


def _reminder_key(step_id: str | None, trigger: Trigger, index: int) -> str:
    return f"{step_id or 'lesson'}/{trigger.value}/{index}"


def _every_of(reminders: Sequence[Reminder], step_id: str | None, t: float) -> tuple[EveryDue, ...]:
    if not reminders:
        return ()
    out = []
    for i, r in enumerate(reminders):
        if r.when is Trigger.EVERY and r.minutes is not None:
            period = r.minutes * 60.0
            key = _reminder_key(step_id, Trigger.EVERY, i)
            out.append(EveryDue(key, r.text, r.ack, step_id, period, t + period))
    return tuple(out)


# --------------------------------------------------------------------------- evolve


def evolve(lesson: Lesson, state: State, event: e.Event) -> State:
    """The state after one event. Pure; the only way state changes."""
    st = state
    last_t = max(st.last_t, event.t)
    if type(event) is e.BreathPhaseChanged:  # most of any journal: one per breath phase
        return _phase_changed(lesson, st, event, last_t)
    # One `_replace` per event, with `last_t` in it: this runs for every event of
    # every replay, so each case builds its whole change at once.
    match event:
        case e.SessionStarted(t=t):
            return _replace(
                st,
                last_t=last_t,
                status="running",
                started_at=t,
                every=_every_of(lesson.reminders, None, t),
            )
        case e.StepEntered(t=t, step_id=step_id, index=index):
            flat = _flat(lesson)
            if not 0 <= index < len(flat) or flat[index].id != step_id:
                raise EngineError(f"lesson {lesson.id!r} has no step {step_id!r} at {index + 1}")
            fs = flat[index]
            step = fs.step
            timer = t + step.seconds if isinstance(step, TimedStep) else None
            return _replace(
                st,
                last_t=last_t,
                ack_since=None if st.ack_since is None else t,
                step_index=index,
                step_entered_at=t,
                timer_ends_at=timer,
                timer_done=False,
                hold=None,
                every=st.every + _every_of(step.reminders, fs.id, t),
            )
        case e.StepLeft(step_id=step_id, index=index, reason=reason):
            if reason == "back":
                history = st.history[:-1]
            elif reason == "restart":
                history = st.history
            else:
                history = st.history + (index,)  # noqa: RUF005 - unpacking copies twice
            return _replace(
                st,
                last_t=last_t,
                history=history,
                timer_ends_at=None,
                timer_done=False,
                hold=None,
                every=tuple([d for d in st.every if d.step_id != step_id]),
                pending=tuple([r for r in st.pending if r.ack]),
                skipped=st.skipped | {step_id} if reason == "skip" else st.skipped,
                say=st.say if reason == "checkin" else None,
            )
        case e.TimerDone():
            return _replace(st, last_t=last_t, timer_done=True)
        case e.HoldPositionStarted(t=t, position_index=p):
            hold = st.hold or _NO_HOLD
            return _replace(
                st,
                last_t=last_t,
                hold=_replace(hold, position_index=p, started=(*hold.started, p)),
                pending=tuple([r for r in st.pending if r.ack or r.trigger != "between_positions"]),
            )
        case e.BreathPhaseChanged():
            return _phase_changed(lesson, st, event, last_t)
        case e.HoldPositionFinished(t=t, position_index=p):
            step = _hold_step(lesson, st)
            hold = st.hold or _NO_HOLD
            if p == len(step.positions) - 1:
                hold = _replace(
                    hold,
                    finished=(*hold.finished, p),
                    done=True,
                    phase_ends_at=None,
                    phase_started_at=t,
                )
            else:
                hold = _replace(hold, finished=(*hold.finished, p))
            return _replace(st, last_t=last_t, hold=hold)
        case e.ReminderShown(t=t, key=key, text=text, ack=ack, trigger=trigger, step_id=sid):
            every = st.every
            if trigger == "every":
                every = tuple(replace(d, due=t + d.period) if d.key == key else d for d in every)
            pending = st.pending
            if not (trigger == "every" and any(r.key == key for r in pending)):
                pending = (*pending, PendingReminder(key, text, ack, trigger, sid, t))
            ack_since = t if ack and st.ack_since is None else st.ack_since
            return _replace(st, last_t=last_t, every=every, pending=pending, ack_since=ack_since)
        case e.ReminderAcknowledged(t=t, key=key):
            pending = list(st.pending)
            for i, r in enumerate(pending):
                if r.key == key:
                    del pending[i]
                    break
            if st.ack_since is not None and not any(r.ack for r in pending):
                return _replace(
                    st,
                    last_t=last_t,
                    pending=tuple(pending),
                    ack_since=None,
                    **_step_clocks_shifted(st, t - st.ack_since),
                )
            return _replace(st, last_t=last_t, pending=tuple(pending))
        case e.Recovered(message=message):
            return _replace(st, last_t=last_t, say=message)  # shown: "and say so"
        case e.CheckinAnswered(step_id=sid, answer=answer, say=say):
            return _replace(st, last_t=last_t, answers=_put(st.answers, sid, answer), say=say)
        case e.ChecklistToggled(step_id=sid, item=item, checked=checked):
            items = _get(st.checked, sid) or frozenset()
            items = items | {item} if checked else items - {item}
            return _replace(st, last_t=last_t, checked=_put(st.checked, sid, items))
        case e.Rated(step_id=sid, item=item, rating=rating):
            ratings = _put(_get(st.ratings, sid) or (), item, rating)
            return _replace(st, last_t=last_t, ratings=_put(st.ratings, sid, ratings))
        case e.NoteWritten(step_id=sid, text=text):
            notes = _put(st.notes, sid, text if text.strip() else None)
            return _replace(st, last_t=last_t, notes=notes)
        case e.ReviewSaved(text=text):
            return _replace(st, last_t=last_t, review=text)
        case e.Paused(t=t):
            return _replace(st, last_t=last_t, status="paused", paused_at=t)
        case e.Resumed(paused_seconds=d):
            return _replace(
                st,
                last_t=last_t,
                status="running",
                paused_at=None,
                paused_total=st.paused_total + d,
                every=tuple(replace(x, due=x.due + d) for x in st.every),
                ack_since=None if st.ack_since is None else st.ack_since + d,
                **_step_clocks_shifted(st, d),
            )
        case e.Stopped(t=t):
            paused_at = t if st.paused_at is None else st.paused_at
            return _replace(st, last_t=last_t, status="stopped", paused_at=paused_at)
        case e.StopResolved(choice=choice):
            if choice == "end":
                return _replace(st, last_t=last_t)
            return _replace(st, last_t=last_t, status="paused")
        case e.SessionEnded(t=t, reason=reason, message=message):
            paused = st.paused_total + (t - st.paused_at if st.paused_at is not None else 0.0)
            return _replace(
                st,
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
            )
    raise EngineError(f"unknown event {type(event).__name__}")  # pragma: no cover


def _phase_changed(lesson: Lesson, st: State, event: e.BreathPhaseChanged, last_t: float) -> State:
    plan = _hold_plan(lesson, st)
    p, t = event.position_index, event.t
    idx = plan.phase_index(p, event.breath, event.phase)
    hold = _replace(
        st.hold or _NO_HOLD,
        phase_index=idx,
        phase_started_at=t,
        phase_ends_at=t + plan.schedule[idx].seconds,
        position_index=p,
    )
    return _replace(st, last_t=last_t, hold=hold)


def _hold_plan(lesson: Lesson, state: State) -> HoldPlan:
    """The current hold step's plan (`EngineError` outside a hold), kept per lesson and step."""
    plans = _cached(lesson)[2]
    plan = plans.get(state.step_index)  # type: ignore[arg-type]
    if plan is None:
        step = _hold_step(lesson, state)
        plan = plans[state.step_index] = hold_plan(step, hold_pace(lesson, step))  # type: ignore[index]
    return plan


def _hold_step(lesson: Lesson, state: State) -> HoldStep:
    fs = current_step(lesson, state)
    if fs is None or not isinstance(fs.step, HoldStep):
        raise EngineError("a hold event arrived outside a hold step")
    return fs.step


def _step_clocks_shifted(st: State, d: float) -> dict[str, Any]:
    """The step's own deadlines (timer, stopwatch, hold) moved `d` seconds later."""
    hold = st.hold
    if hold is not None:
        hold = _replace(
            hold,
            phase_started_at=hold.phase_started_at + d,
            phase_ends_at=None if hold.phase_ends_at is None else hold.phase_ends_at + d,
        )
    return {
        "step_entered_at": st.step_entered_at + d,
        "timer_ends_at": None if st.timer_ends_at is None else st.timer_ends_at + d,
        "hold": hold,
    }


def replay(lesson: Lesson, events: Iterable[e.Event], state: State = INITIAL) -> State:
    """The state a list of events leads to: the fold of `evolve`.

    Raises `EngineError` when the events do not fit the lesson (a journal
    written against another lesson or another version of it).

    A run of `BreathPhaseChanged` events (most of any journal: one per phase
    of every breath) is folded without a state per event. Each of them only
    moves the hold to its phase, so each is checked as `evolve` checks it (in
    a hold step, a phase that hold has) and the state is made once, with the
    last one's phase, when the run ends: the state `evolve` would give, at a
    fraction of the cost of a resume.
    """
    plan: HoldPlan | None = None  # the hold's plan while in a run of phase changes
    index: dict[tuple[int, int, str], int] = {}  # its phase lookup
    last_t = 0.0
    phase: tuple[int, float, float, int] = (0, 0.0, 0.0, 0)  # the run's last phase
    for number, event in enumerate(events, 1):
        try:
            if type(event) is e.BreathPhaseChanged:
                t = event.t
                if plan is None:
                    last_t = max(state.last_t, t)
                    plan = _hold_plan(lesson, state)
                    index = plan.index
                elif t > last_t:  # max(last_t, t), without the call
                    last_t = t
                p, breath, name = event.position_index, event.breath, event.phase
                # `plan.phase_index`, with its dict lookup inlined
                idx = index.get((p, breath, name)) if type(p) is type(breath) is int else None
                if idx is None:
                    idx = plan.phase_index(p, breath, name)
                phase = (idx, t, t + plan.schedule[idx].seconds, p)
                continue
            if plan is not None:
                state, plan = _phase_set(state, phase, last_t), None
            state = evolve(lesson, state, event)
        except EngineError as exc:
            raise EngineError(f"event {number} ({type(event).__name__}): {exc}") from None
        except (IndexError, ValueError, AssertionError) as exc:
            raise EngineError(
                f"event {number} ({type(event).__name__}) does not fit lesson "
                f"{lesson.id!r} version {lesson.version!r}: {exc or 'out of range'}"
            ) from None
    if plan is not None:
        state = _phase_set(state, phase, last_t)
    return state


def _phase_set(st: State, phase: tuple[int, float, float, int], last_t: float) -> State:
    """`_phase_changed`'s state, from its results: (index, started, ends, position)."""
    idx, started, ends, p = phase
    hold = _replace(
        st.hold or _NO_HOLD,
        phase_index=idx,
        phase_started_at=started,
        phase_ends_at=ends,
        position_index=p,
    )
    return _replace(st, last_t=last_t, hold=hold)


# --------------------------------------------------------------------------- decide


class _Out:
    """Collects events while keeping the state they lead to, so later choices see them."""

    def __init__(self, lesson: Lesson, state: State) -> None:
        self.lesson = lesson
        self.state = state
        self.events: list[e.Event] = []

    def emit(self, event: e.Event) -> None:
        self.events.append(event)
        self.state = evolve(self.lesson, self.state, event)


def next_deadline(lesson: Lesson, state: State) -> float | None:
    """Session time of the next change the engine makes by itself (None if none)."""
    found = _next_due(lesson, state)
    return None if found is None else found[0]


def _next_due(lesson: Lesson, state: State) -> tuple[float, int, str] | None:
    """(time, order, what) of the earliest deadline while running; step things first on ties."""
    if state.status != "running":
        return None
    found: list[tuple[float, int, str]] = []
    step_clocks_run = state.ack_since is None
    if step_clocks_run and state.timer_ends_at is not None and not state.timer_done:
        found.append((state.timer_ends_at, 0, "timer"))
    hold = state.hold
    if step_clocks_run and hold is not None and not hold.done and hold.phase_ends_at is not None:
        found.append((hold.phase_ends_at, 0, "hold"))
    for i, due in enumerate(state.every):
        found.append((due.due, 1 + i, due.key))
    return min(found) if found else None


def _catch_up(o: _Out, now: float) -> None:
    while True:
        due = _next_due(o.lesson, o.state)
        if due is None or due[0] > now:
            return
        t, _, what = due
        if what == "timer":
            _timer_done(o, t)
        elif what == "hold":
            _phase_over(o, t)
        else:
            d = next(x for x in o.state.every if x.key == what)
            o.emit(e.ReminderShown(t, d.key, d.text, d.ack, "every", d.step_id))


def _timer_done(o: _Out, t: float) -> None:
    fs = current_step(o.lesson, o.state)
    assert fs is not None and isinstance(fs.step, TimedStep)
    o.emit(e.TimerDone(t, fs.id))
    if fs.step.auto_advance and not o.state.needs_ack:
        _move(o, fs.index + 1, "timer", t)


def _phase_over(o: _Out, t: float) -> None:
    fs = current_step(o.lesson, o.state)
    assert fs is not None and isinstance(fs.step, HoldStep) and o.state.hold is not None
    schedule = schedule_of(o.lesson, fs.step)
    i = o.state.hold.phase_index
    cur = schedule[i]
    nxt = schedule[i + 1] if i + 1 < len(schedule) else None
    if cur.phase == "transition":
        _start_position(o, fs, cur.position_index + 1, t)
    elif nxt is None or nxt.phase == "transition":
        p = cur.position_index
        o.emit(e.HoldPositionFinished(t, fs.id, p, cur.hour, fs.step.breaths_at(p)))
        if nxt is not None:
            _transition(o, fs, p, t)
    else:
        o.emit(e.BreathPhaseChanged(t, fs.id, nxt.position_index, nxt.breath, nxt.phase))


def _start_position(o: _Out, fs: FlatStep, p: int, t: float) -> None:
    step = fs.step
    assert isinstance(step, HoldStep)
    o.emit(e.HoldPositionStarted(t, fs.id, p, step.positions[p].at))
    o.emit(e.BreathPhaseChanged(t, fs.id, p, 1, "inhale"))


def _transition(o: _Out, fs: FlatStep, p: int, t: float) -> None:
    o.emit(e.BreathPhaseChanged(t, fs.id, p, 0, "transition"))
    _reminders(o, fs, Trigger.BETWEEN_POSITIONS, t)


def _reminders(o: _Out, fs: FlatStep, trigger: Trigger, t: float) -> None:
    for i, r in enumerate(fs.step.reminders):
        if r.when is trigger:
            key = _reminder_key(fs.id, trigger, i)
            o.emit(e.ReminderShown(t, key, r.text, r.ack, trigger.value, fs.id))


def _enter(o: _Out, index: int, t: float) -> None:
    fs = _flat(o.lesson)[index]
    o.emit(e.StepEntered(t, fs.id, index))
    _reminders(o, fs, Trigger.BEFORE, t)
    if isinstance(fs.step, HoldStep):
        _start_position(o, fs, 0, t)


def _leave(o: _Out, reason: e.LeaveReason, t: float) -> None:
    fs = current_step(o.lesson, o.state)
    assert fs is not None
    o.emit(e.StepLeft(t, fs.id, fs.index, reason))
    _reminders(o, fs, Trigger.AFTER, t)


def _move(o: _Out, index: int | None, reason: e.LeaveReason, t: float) -> None:
    """Leave the current step for `index`; past the last step the session is finished."""
    _leave(o, reason, t)
    if index is None or index >= len(_flat(o.lesson)):
        o.emit(e.SessionEnded(t, "finished", None))
    else:
        _enter(o, index, t)


def _breaths_done(lesson: Lesson, state: State, step: HoldStep) -> tuple[HoldPhase, int]:
    assert state.hold is not None
    cur = schedule_of(lesson, step)[state.hold.phase_index]
    return cur, cur.breath if cur.phase == "rest" else cur.breath - 1


def _next(o: _Out, now: float) -> None:
    fs = current_step(o.lesson, o.state)
    assert fs is not None
    hold = o.state.hold
    if isinstance(fs.step, HoldStep) and hold is not None and not hold.done:
        cur, done = _breaths_done(o.lesson, o.state, fs.step)
        last = len(fs.step.positions) - 1
        if cur.phase == "transition":
            _start_position(o, fs, cur.position_index + 1, now)
            return
        o.emit(e.HoldPositionFinished(now, fs.id, cur.position_index, cur.hour, done))
        if cur.position_index < last:
            _transition(o, fs, cur.position_index, now)
            return
    _move(o, fs.index + 1, "next", now)


def why_refused(lesson: Lesson, state: State, command: c.Command) -> str | None:
    """Why `command` would do nothing now, in words for the person; None if it is allowed."""
    status = state.status
    fs = current_step(lesson, state)
    step = fs.step if fs is not None else None
    if isinstance(command, c.Tick):
        return None
    if isinstance(command, c.Start):
        return None if status == "idle" else "The session has already started."
    if isinstance(command, c.Recover):
        if status in ("idle", "ended"):
            return "Only a session in progress can be recovered."
        return None
    if status == "idle":
        return "Start the session first."
    if status == "ended":
        if isinstance(command, c.Note | c.ReviewText):
            return None
        return "The session has ended."
    if status == "stopped":
        if isinstance(command, c.StopChoice | c.Note):
            return None
        return "Stopped: choose to resume, go back, or end."
    if isinstance(command, c.StopChoice):
        return "Nothing to choose: the session is not stopped."
    if isinstance(command, c.Resume):
        return None if status == "paused" else "The session is not paused."
    if isinstance(command, c.Stop | c.Finish | c.Note):
        return None
    if isinstance(command, c.Pause):
        return None if status == "running" else "Already paused."
    if isinstance(command, c.Toggle):
        if not isinstance(step, ChecklistStep):
            return "There is no checklist on this step."
        return None if 0 <= command.item < len(step.items) else "No such checklist item."
    if isinstance(command, c.Rate):
        if not isinstance(step, FeedbackStep):
            return "There is nothing to rate on this step."
        return None if 0 <= command.item < len(step.items) else "No such item to rate."
    if isinstance(command, c.ReviewText):
        return None if isinstance(step, ReviewStep) else "The review is written on the review step."
    if status == "paused":
        return "Paused: resume first."
    if isinstance(command, c.AckReminder):
        return None if state.needs_ack else "No reminder is waiting to be acknowledged."
    if isinstance(command, c.Back):
        return None if state.history else "This is the first step; there is nothing to go back to."
    if isinstance(command, c.Next | c.Skip | c.JumpTo | c.Answer) and state.needs_ack:
        return "Acknowledge the reminder first."
    if isinstance(command, c.Next):
        return "Answer the question first." if isinstance(step, CheckinStep) else None
    if isinstance(command, c.Answer):
        return None if isinstance(step, CheckinStep) else "There is no question to answer here."
    if isinstance(command, c.JumpTo):
        if _index_of(lesson, command.step_id) is None:
            return f"There is no step with id {command.step_id!r}."
        return None
    if isinstance(command, c.Skip):
        return None
    return f"Unknown command {type(command).__name__}."


def decide(lesson: Lesson, state: State, command: c.Command, now: float) -> list[e.Event]:
    """What `command` at session time `now` makes happen: [] when it is refused.

    Deadlines crossed up to `now` are emitted first (with their own times), so a
    command never acts on a stale state, whatever the tick rate.
    """
    o = _Out(lesson, state)
    if state.status == "running":
        _catch_up(o, now)
    if why_refused(lesson, o.state, command) is not None:
        return []
    now = max(now, o.state.last_t)
    st = o.state
    fs = current_step(lesson, st)
    match command:
        case c.Tick():
            pass
        case c.Start():
            flat = _flat(lesson)
            o.emit(e.SessionStarted(now, lesson.id, lesson.version, len(flat)))
            _enter(o, 0, now)
        case c.Next():
            _next(o, now)
        case c.Back():
            _leave(o, "back", now)
            _enter(o, st.history[-1], now)
        case c.JumpTo(step_id=sid):
            index = _index_of(lesson, sid)
            assert index is not None
            _move(o, index, "jump", now)
        case c.Skip():
            assert fs is not None
            _move(o, fs.index + 1, "skip", now)
        case c.Pause():
            o.emit(e.Paused(now))
        case c.Resume():
            assert st.paused_at is not None
            o.emit(e.Resumed(now, now - st.paused_at))
        case c.Stop():
            o.emit(e.Stopped(now, fs.id if fs else None))
        case c.StopChoice(choice=choice):
            _stop_choice(o, choice, now)
        case c.Answer(yes=yes):
            _answer(o, yes, now)
        case c.Toggle(item=item):
            assert fs is not None
            checked = _get(st.checked, fs.id) or frozenset()
            o.emit(e.ChecklistToggled(now, fs.id, item, item not in checked))
        case c.Rate(item=item, rating=rating):
            assert fs is not None
            o.emit(e.Rated(now, fs.id, item, rating))
        case c.Note(text=text):
            assert fs is not None
            o.emit(e.NoteWritten(now, fs.id, text))
        case c.AckReminder():
            key = next(r.key for r in st.pending if r.ack)
            o.emit(e.ReminderAcknowledged(now, key))
            step = fs.step if fs else None
            if (
                isinstance(step, TimedStep)
                and step.auto_advance
                and o.state.timer_done
                and not o.state.needs_ack
            ):
                assert fs is not None
                _move(o, fs.index + 1, "timer", now)
        case c.ReviewText(text=text):
            o.emit(e.ReviewSaved(now, text))
        case c.Recover():
            _recover(o, now)
        case c.Finish():
            _leave(o, "finish", now)
            o.emit(e.SessionEnded(now, "finished", None))
        case _:  # pragma: no cover - why_refused already rejected it
            return []
    return o.events


def _recover(o: _Out, now: float) -> None:
    status = o.state.status
    if status != "running":
        o.emit(e.Recovered(now, f"Resumed where you left off; the session is still {status}."))
        return
    fs = current_step(o.lesson, o.state)
    hold = o.state.hold
    if fs is None or not isinstance(fs.step, HoldStep) or hold is None or hold.done:
        o.emit(e.Recovered(now, "Resumed where you left off."))
        return
    cur = schedule_of(o.lesson, fs.step)[hold.phase_index]
    if cur.phase == "transition":
        o.emit(e.Recovered(now, "Resumed mid-hold: the move to the next position starts again."))
        _transition(o, fs, cur.position_index, now)
        return
    hour = fs.step.positions[cur.position_index].at
    o.emit(
        e.Recovered(now, f"Resumed mid-hold: {hour} o'clock starts again from the first breath.")
    )
    _start_position(o, fs, cur.position_index, now)


def _stop_choice(o: _Out, choice: str, now: float) -> None:
    st = o.state
    if choice == "end":
        o.emit(e.StopResolved(now, "end"))
        if st.step_index is not None:
            _leave(o, "stopped", now)
        o.emit(e.SessionEnded(now, "stopped", None))
        return
    assert st.paused_at is not None
    o.emit(e.StopResolved(now, "back" if choice == "back" else "resume"))
    o.emit(e.Resumed(now, now - st.paused_at))
    if choice == "back":
        fs = current_step(o.lesson, o.state)
        assert fs is not None
        if o.state.history:
            target = o.state.history[-1]
            _leave(o, "back", now)
            _enter(o, target, now)
        else:
            _leave(o, "restart", now)
            _enter(o, fs.index, now)


def _answer(o: _Out, yes: bool, now: float) -> None:
    fs = current_step(o.lesson, o.state)
    assert fs is not None and isinstance(fs.step, CheckinStep)
    route = fs.step.route(yes)
    action = route.action
    flat = _flat(o.lesson)
    target: int | None
    if action == "continue":
        target = fs.index + 1 if fs.index + 1 < len(flat) else None
    elif action == "repeat":
        target = max(fs.index - 1, 0)
    elif action == "goto":
        assert route.goto is not None
        target = _index_of(o.lesson, route.goto)
        if target is None:
            raise EngineError(f"check-in {fs.id!r} routes to unknown step {route.goto!r}")
    else:
        target = None
    target_id = flat[target].id if target is not None else None
    o.emit(e.CheckinAnswered(now, fs.id, fs.step.question, yes, action, target_id, route.say))
    if action == "stop":
        _leave(o, "checkin", now)
        o.emit(e.SessionEnded(now, "checkin", route.stop))
    else:
        _move(o, target, "checkin", now)


def apply(
    lesson: Lesson, state: State, command: c.Command, now: float
) -> tuple[State, list[e.Event]]:
    """`decide`, then fold the events with `evolve`: the new state and what happened."""
    events = decide(lesson, state, command, now)
    return replay(lesson, events, state), events


# --------------------------------------------------------------------------- session


class Session:
    """A lesson, a clock, the state and every event so far: what the UI and journal hold."""

    def __init__(
        self,
        lesson: Lesson,
        clock: Clock,
        events: Iterable[e.Event] = (),
    ) -> None:
        self.lesson = lesson
        self.clock = clock
        self.events: list[e.Event] = list(events)
        self.state = replay(lesson, self.events)

    def do(self, command: c.Command) -> list[e.Event]:
        """Apply `command` now; the new events (empty if it was refused)."""
        self.state, new = apply(self.lesson, self.state, command, self.clock.now())
        self.events.extend(new)
        return new

    def tick(self) -> list[e.Event]:
        return self.do(c.Tick())

    def why_refused(self, command: c.Command) -> str | None:
        return why_refused(self.lesson, self.state, command)

    def view(self) -> View:
        from coach.engine.view import view  # lazily: view imports this module

        return view(self.lesson, self.state, self.clock.now())
