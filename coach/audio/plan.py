"""Which cue sounds when, computed from the engine's own deadlines, never from ticks.

Two questions, one mapping. `cues_for_events` says what a list of engine events
sounds like (a phase change is an inhale or exhale cue at the event's `t`, a
transition is "next position" with "move to 3 o'clock", and so on).
`plan_ahead` answers "what will sound from this state on?" by running the
engine itself forward: it ticks a copy of the state exactly at each
`next_deadline` and maps the events that come out. So the plan is the engine's
schedule by construction (holds, timers, auto-advance, `every` reminders,
pauses shifting deadlines), and a cue can be queued before its moment comes.
Count-ins (one soft tick each of the last three seconds) come from the state:
the end of a running timer, and the end of a transition before a position.

A step with a lead-in (`LeadIn`) waits for the person: it sounds the soft
"ready?" cue and, with a voice, asks for ready. Nothing breath- or
timer-related is planned until `Ready`, which sounds one count-in tick, the
"go", just before the first breath or the timer starts (the key press is the
moment; nobody can count in ahead of it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coach.audio import lines
from coach.audio.cues import CueKind
from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.compiled import CompiledLesson
from coach.engine.decide import apply, next_deadline
from coach.engine.evolve import current_step
from coach.engine.state import State
from coach.lesson.model import AnyStep, CheckinStep, HoldStep, TimedStep

COUNT_IN_SECONDS = 3
PLAN_HORIZON = 90.0  # seconds of session time planned ahead of the state
_MAX_PLANNED_EVENTS = 5000


@dataclass(frozen=True, slots=True)
class PlannedCue:
    """A sound at session time `at`: a cue (`kind`), a spoken line (`text`), or both.

    With both, the cue sounds first and the line follows it.
    """

    at: float
    kind: CueKind | None
    text: str | None = None

    @property
    def key(self) -> tuple[float, str, str]:
        """Identity across re-plans: the same moment, cue and words."""
        return (round(self.at, 6), self.kind.value if self.kind else "", self.text or "")


def by_time(cue: PlannedCue) -> float:
    """Sort key: by time only, so cues at one moment keep the order the events had."""
    return cue.at


def _step(lesson: CompiledLesson, step_id: str) -> AnyStep:
    """The step an event names (the engine only names the lesson's own steps)."""
    return lesson.steps[lesson.index[step_id]].step


def cues_for_events(lesson: CompiledLesson, events: Iterable[e.Event]) -> list[PlannedCue]:
    """What these events sound like, at their own times."""
    out: list[PlannedCue] = []
    for event in events:
        t = event.t
        match event:
            case e.StepEntered(step_id=sid):
                step = _step(lesson, sid)
                kind = CueKind.CHECKIN if isinstance(step, CheckinStep) else None
                out.append(PlannedCue(t, kind, lines.step_line(step)))
            case e.BreathPhaseChanged(step_id=sid, position_index=p, phase=phase):
                if phase == "inhale":
                    out.append(PlannedCue(t, CueKind.INHALE))
                elif phase == "exhale":
                    out.append(PlannedCue(t, CueKind.EXHALE))
                elif phase == "transition":
                    hold = _step(lesson, sid)
                    assert isinstance(hold, HoldStep)
                    hour = hold.positions[p + 1].at
                    text = lines.move_line(hold.between, hour)
                    out.append(PlannedCue(t, CueKind.NEXT_POSITION, text))
            case e.LeadIn():
                out.append(PlannedCue(t, CueKind.READY, lines.READY_LINE))
            case e.Ready():
                out.append(PlannedCue(t, CueKind.COUNT_IN))
            case e.HoldPositionFinished(step_id=sid, position_index=p):
                hold = _step(lesson, sid)
                if isinstance(hold, HoldStep) and p == len(hold.positions) - 1:
                    out.append(PlannedCue(t, CueKind.HOLD_DONE))
            case e.TimerDone():
                out.append(PlannedCue(t, CueKind.TIMER_DONE))
            case e.ReminderShown(text=text):
                out.append(PlannedCue(t, CueKind.REMINDER, lines.reminder_line(text)))
            case e.CheckinAnswered(say=say) if say:
                out.append(PlannedCue(t, None, lines.reminder_line(say)))
            case e.Stopped():
                out.append(PlannedCue(t, CueKind.STOP, lines.STOP_LINE))
            case e.SessionEnded(reason="finished"):
                out.append(PlannedCue(t, CueKind.HOLD_DONE, lines.FINISHED_LINE))
            case e.SessionEnded(message=message) if message:
                out.append(PlannedCue(t, CueKind.HOLD_DONE, lines.reminder_line(message)))
    return out


def count_ins(lesson: CompiledLesson, state: State) -> list[PlannedCue]:
    """Ticks on the last three whole seconds before a running timer or transition ends."""
    if state.status != "running" or state.ack_since is not None:
        return []
    fs = current_step(lesson, state)
    if fs is None:
        return []
    began: float
    ends: float | None = None
    if isinstance(fs.step, TimedStep) and not state.timer_done:
        began, ends = state.step_entered_at, state.timer_ends_at
    elif isinstance(fs.step, HoldStep) and state.hold is not None and not state.hold.done:
        hold = state.hold
        if lesson.plan(fs.index).schedule[hold.phase_index].phase == "transition":
            began, ends = hold.phase_started_at, hold.phase_ends_at
    if ends is None:
        return []
    ticks = (ends - k for k in range(COUNT_IN_SECONDS, 0, -1))
    return [PlannedCue(at, CueKind.COUNT_IN) for at in ticks if at > began + 1e-9]


def plan_ahead(
    lesson: CompiledLesson, state: State, horizon: float = PLAN_HORIZON, now: float | None = None
) -> list[PlannedCue]:
    """Every cue the engine will cause by itself from `state` on, up to `horizon` seconds
    past `now` (or past the state's last event).

    Nothing while paused, stopped or ended: only a running session moves alone.
    The cues of the events that made `state` are not included (they are past).
    """
    if state.status != "running":
        return []
    out = count_ins(lesson, state)
    limit = max(state.last_t, now if now is not None else state.last_t) + horizon
    st = state
    for _ in range(_MAX_PLANNED_EVENTS):
        due = next_deadline(lesson, st)
        if due is None or due > limit:
            break
        st, events = apply(lesson, st, c.Tick(), due)
        if not events:  # pragma: no cover - a deadline always changes the state
            break
        out.extend(cues_for_events(lesson, events))
        out.extend(count_ins(lesson, st))
    unique = {cue.key: cue for cue in out}
    return sorted(unique.values(), key=by_time)
