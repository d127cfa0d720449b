"""What a command means now: the events it makes happen, or why it is refused.

`decide` looks at a state and a command at session time `now` and returns the
events (an empty list when the command is refused; `coach.engine.refusals`
says why, in words for the person). Before any command the engine "catches up": every
deadline crossed up to `now` is emitted first with its own time, so ticking
late or at any rate never drifts.
"""

from __future__ import annotations

from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.compiled import CompiledLesson, EngineError
from coach.engine.evolve import current_step, evolve, get, reminder_key, replay
from coach.engine.refusals import NEXT_GUARD_SECONDS, why_refused
from coach.engine.state import State
from coach.lesson.model import CheckinStep, FlatStep, HoldStep, TimedStep, Trigger


class _Out:
    """Collects events while keeping the state they lead to, so later choices see them."""

    def __init__(self, lesson: CompiledLesson, state: State) -> None:
        self.lesson = lesson
        self.state = state
        self.events: list[e.Event] = []

    def emit(self, event: e.Event) -> None:
        self.events.append(event)
        self.state = evolve(self.lesson, self.state, event)


# --------------------------------------------------------------------------- deadlines


def next_deadline(lesson: CompiledLesson, state: State) -> float | None:
    """Session time of the next change the engine makes by itself (None if none)."""
    found = _next_due(state)
    return None if found is None else found[0]


def _next_due(state: State) -> tuple[float, int, str] | None:
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
        due = _next_due(o.state)
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


def _here(o: _Out) -> FlatStep:
    fs = current_step(o.lesson, o.state)
    if fs is None:
        raise EngineError("the session is at no step")
    return fs


def _timer_done(o: _Out, t: float) -> None:
    fs = _here(o)
    o.emit(e.TimerDone(t, fs.id))
    if isinstance(fs.step, TimedStep) and fs.step.auto_advance and not o.state.needs_ack:
        _move(o, fs.index + 1, "timer", t)


def _phase_over(o: _Out, t: float) -> None:
    fs = _here(o)
    assert o.state.hold is not None and isinstance(fs.step, HoldStep)
    schedule = o.lesson.plan(fs.index).schedule
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


# --------------------------------------------------------------------------- moves


def _start_position(o: _Out, fs: FlatStep, p: int, t: float) -> None:
    assert isinstance(fs.step, HoldStep)
    o.emit(e.HoldPositionStarted(t, fs.id, p, fs.step.positions[p].at))
    o.emit(e.BreathPhaseChanged(t, fs.id, p, 1, "inhale"))


def _transition(o: _Out, fs: FlatStep, p: int, t: float) -> None:
    o.emit(e.BreathPhaseChanged(t, fs.id, p, 0, "transition"))
    _reminders(o, fs, Trigger.BETWEEN_POSITIONS, t)


def _reminders(o: _Out, fs: FlatStep, trigger: Trigger, t: float) -> None:
    """Show the step's reminders for `trigger`, except one that is still on screen."""
    for i, r in enumerate(fs.step.reminders):
        if r.when is trigger:
            key = reminder_key(fs.id, trigger, i)
            if any(p.key == key for p in o.state.pending):
                continue
            o.emit(e.ReminderShown(t, key, r.text, r.ack, trigger.value, fs.id))


def _enter(o: _Out, index: int, t: float) -> None:
    fs = o.lesson.steps[index]
    o.emit(e.StepEntered(t, fs.id, index))
    _reminders(o, fs, Trigger.BEFORE, t)
    step = fs.step
    if isinstance(step, TimedStep | HoldStep) and step.lead_in:
        o.emit(e.LeadIn(t, fs.id))
    elif isinstance(step, HoldStep):
        _start_position(o, fs, 0, t)


def _leave(o: _Out, reason: e.LeaveReason, t: float) -> None:
    fs = _here(o)
    o.emit(e.StepLeft(t, fs.id, fs.index, reason))
    _reminders(o, fs, Trigger.AFTER, t)


def _move(o: _Out, index: int | None, reason: e.LeaveReason, t: float) -> None:
    """Leave the current step for `index`; past the last step the session is finished."""
    _leave(o, reason, t)
    if index is None or index >= len(o.lesson.steps):
        o.emit(e.SessionEnded(t, "finished", None))
    else:
        _enter(o, index, t)


def _ready(o: _Out, now: float) -> None:
    fs = _here(o)
    o.emit(e.Ready(now, fs.id))
    if isinstance(fs.step, HoldStep):
        _start_position(o, fs, 0, now)


def _next(o: _Out, now: float) -> None:
    if o.state.waiting_ready:  # the Next key says "ready" while a lead-in waits
        _ready(o, now)
        return
    fs = _here(o)
    hold = o.state.hold
    if isinstance(fs.step, HoldStep) and hold is not None and not hold.done:
        cur = o.lesson.plan(fs.index).schedule[hold.phase_index]
        done = cur.breath if cur.phase == "rest" else cur.breath - 1
        if cur.phase == "transition":
            _start_position(o, fs, cur.position_index + 1, now)
            return
        o.emit(e.HoldPositionFinished(now, fs.id, cur.position_index, cur.hour, done))
        if cur.position_index < len(fs.step.positions) - 1:
            _transition(o, fs, cur.position_index, now)
            return
    _move(o, fs.index + 1, "next", now)


def _back(o: _Out, now: float) -> None:
    """Back a step: the previous step in lesson order (the first step starts again)."""
    fs = _here(o)
    if fs.index == 0:
        _leave(o, "restart", now)
        _enter(o, 0, now)
    else:
        _leave(o, "back", now)
        _enter(o, fs.index - 1, now)


# --------------------------------------------------------------------------- decide


def decide(
    lesson: CompiledLesson,
    state: State,
    command: c.Command,
    now: float,
    next_guard: float = NEXT_GUARD_SECONDS,
) -> list[e.Event]:
    """What `command` at session time `now` makes happen: [] when it is refused."""
    o = _Out(lesson, state)
    if state.status == "running":
        _catch_up(o, now)
    now = max(now, o.state.last_t)
    if why_refused(lesson, o.state, command, now, next_guard) is not None:
        return []
    st = o.state
    fs = current_step(lesson, st)
    match command:
        case c.Tick():
            pass
        case c.Start():
            o.emit(e.SessionStarted(now, lesson.id, lesson.version, len(lesson.steps)))
            _enter(o, 0, now)
        case c.Next():
            _next(o, now)
        case c.Ready():
            _ready(o, now)
        case c.Back():
            _back(o, now)
        case c.JumpTo(step_id=sid):
            _move(o, lesson.index_of(sid), "jump", now)
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
            checked = get(st.checked, fs.id) or frozenset()
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
        case c.BlankProjector(on=on):
            o.emit(e.ProjectorBlanked(now, on))
        case c.Finish():
            if fs is not None:
                _leave(o, "finish", now)
            o.emit(e.SessionEnded(now, "finished", None))
        case _:  # pragma: no cover - why_refused already rejected it
            return []
    return o.events


def apply(
    lesson: CompiledLesson,
    state: State,
    command: c.Command,
    now: float,
    next_guard: float = NEXT_GUARD_SECONDS,
) -> tuple[State, list[e.Event]]:
    """`decide`, then fold the events with `evolve`: the new state and what happened."""
    events = decide(lesson, state, command, now, next_guard)
    return replay(lesson, events, state), events


def _recover(o: _Out, now: float) -> None:
    status = o.state.status
    if status != "running":
        o.emit(e.Recovered(now, f"Resumed where you left off; the session is still {status}."))
        return
    fs = current_step(o.lesson, o.state)
    if fs is None:  # cut off between SessionStarted and the first step
        o.emit(e.Recovered(now, "Resumed at the first step."))
        _enter(o, 0, now)
        return
    hold = o.state.hold
    if not isinstance(fs.step, HoldStep) or hold is None or hold.done:
        o.emit(e.Recovered(now, "Resumed where you left off."))
        return
    cur = o.lesson.plan(fs.index).schedule[hold.phase_index]
    if cur.phase == "transition":
        o.emit(e.Recovered(now, "Resumed mid-hold: the move to the next position starts again."))
        _transition(o, fs, cur.position_index, now)  # a reminder still shown is not shown twice
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
    if choice == "back" and o.state.step_index is not None:
        _back(o, now)


def _answer(o: _Out, yes: bool, now: float) -> None:
    fs = _here(o)
    assert isinstance(fs.step, CheckinStep)
    route = fs.step.route(yes)
    action = route.action
    steps = o.lesson.steps
    target: int | None
    if action == "continue":
        target = fs.index + 1 if fs.index + 1 < len(steps) else None
    elif action == "repeat":
        target = max(fs.index - 1, 0)
    elif action == "goto":
        assert route.goto is not None
        target = o.lesson.index_of(route.goto)
        if target is None:
            raise EngineError(f"check-in {fs.id!r} routes to unknown step {route.goto!r}")
    else:
        target = None
    target_id = steps[target].id if target is not None else None
    o.emit(e.CheckinAnswered(now, fs.id, fs.step.question, yes, action, target_id, route.say))
    if action == "stop":
        _leave(o, "checkin", now)
        o.emit(e.SessionEnded(now, "checkin", route.stop))
    else:
        _move(o, target, "checkin", now)
