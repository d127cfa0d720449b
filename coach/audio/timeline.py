"""A whole lesson laid out in its planned time, for the audio guide to take anywhere.

The engine is driven exactly as a person following along would drive it, with
the planned numbers: holds and timers run on their deadlines, open steps last
their suggested length, check-ins are answered the way that continues, a
reminder waiting for acknowledgement is acknowledged after it has been said,
and every other step lasts as long as its spoken line plus a short pause.
A hold or timed step with `lead_in:` waits in the engine for `Ready`; a file
cannot hear "ready", so the guide says it itself: after the step's line and a
breath of quiet, three count-in ticks, and `Ready` on the beat after them.
The live session's "ready?" prompt and its "go" tick are left out here: the
count-in stands in for both, so it sounds once, never twice.

Guide time (seconds into the file) is the walk's session time: nothing is
shifted, the engine itself waits while the guide counts in.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby

from coach.audio import plan as p
from coach.audio.cues import ON_TIME, CueKind, cue_seconds
from coach.audio.errors import AudioError
from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.compiled import CompiledLesson, compile_lesson
from coach.engine.decide import apply, next_deadline
from coach.engine.evolve import INITIAL, current_step
from coach.engine.state import State
from coach.lesson.model import (
    CheckinStep,
    HoldStep,
    Lesson,
    OpenStep,
    ReviewStep,
    TimedStep,
)

OPEN_STEP_SECONDS = 30.0  # an open step without `suggested_seconds:`
STEP_PAUSE = 3.0  # quiet after a step's line before the guide moves on
LEAD_IN_PAUSE = 1.0  # quiet between a step's line and its count-in
END_PAUSE = 2.0
CUE_GAP = 0.12  # quiet kept before an on-time cue, so it is heard as a new sound
_MAX_COMMANDS = 20000

SpeechSeconds = Callable[[str], float]


@dataclass(frozen=True, slots=True)
class Timeline:
    cues: tuple[p.PlannedCue, ...]  # in guide time, in order
    seconds: float  # the whole guide's length


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one sound of the guide starts: a cue (`kind`) or a spoken line (`text`)."""

    start: float
    seconds: float
    kind: CueKind | None = None
    text: str | None = None


def layout(cues: Iterable[p.PlannedCue], speech_seconds: SpeechSeconds) -> list[Placement]:
    """When each sound of the guide starts, in order.

    Cues that carry the rhythm (`ON_TIME`: breath, count-in, next position, STOP)
    start on their moment, those of one moment one after another. The others
    (reminder, check-in, finished) wait for quiet: after what is sounding, and
    clear of the next on-time cue, so no two cues ever sound at once. A moment's
    lines follow its cues, each after the previous line: never two voices at once.
    """
    moments = [(at, list(g)) for at, g in groupby(sorted(cues, key=p.by_time), key=p.by_time)]
    out: list[Placement] = []
    fixed: list[tuple[float, float]] = []  # [start, end) of each moment's on-time cues
    ends: dict[float, float] = {}  # moment -> when its cues have all sounded
    for at, moment in moments:
        t = at
        for cue in moment:
            if cue.kind in ON_TIME:
                out.append(Placement(t, cue_seconds(cue.kind), kind=cue.kind))
                t += cue_seconds(cue.kind)
        if t > at:
            fixed.append((at, t))
        ends[at] = t
    cue_free = 0.0
    for at, moment in moments:
        t = max(ends[at], cue_free)
        for cue in moment:
            if cue.kind is not None and cue.kind not in ON_TIME:
                seconds = cue_seconds(cue.kind)
                t = _clear_of(fixed, t, seconds)
                out.append(Placement(t, seconds, kind=cue.kind))
                t += seconds
                cue_free = t
        ends[at] = max(ends[at], t)
    voice_free = 0.0
    for at, moment in moments:
        for cue in moment:
            if cue.text:
                start, seconds = max(ends[at], voice_free), speech_seconds(cue.text)
                out.append(Placement(start, seconds, text=cue.text))
                voice_free = start + seconds
    out.sort(key=lambda placed: placed.start)
    return out


def _clear_of(fixed: list[tuple[float, float]], t: float, seconds: float) -> float:
    """The first start >= `t` where `seconds` of sound (and a short gap after) meets none
    of the `fixed` intervals (sorted by start)."""
    i = max(0, bisect_left(fixed, (t, t)) - 1)
    for start, end in fixed[i:]:
        if end <= t:
            continue
        if start >= t + seconds + CUE_GAP:
            break
        t = end
    return t


def _no_speech(_text: str) -> float:
    return 0.0


class _Walk:
    """Drives a copy of the engine through the lesson and collects its cues."""

    def __init__(self, lesson: CompiledLesson, speech_seconds: SpeechSeconds) -> None:
        self.lesson = lesson
        self.speech_seconds = speech_seconds
        self.state: State = INITIAL
        self.t = 0.0  # session time, which is guide time
        self.cues: list[p.PlannedCue] = []
        self._keys: set[tuple[float, str, str]] = set()

    @property
    def busy_until(self) -> float:
        """Guide time when everything placed so far has finished sounding."""
        placed = layout(self.cues, self.speech_seconds)
        return max((x.start + x.seconds for x in placed), default=0.0)

    def add(self, cue: p.PlannedCue) -> None:
        if cue.key not in self._keys:  # a state seen twice gives its count-in twice
            self._keys.add(cue.key)
            self.cues.append(cue)

    def take(self, events: list[e.Event]) -> None:
        for event in events:
            if isinstance(event, e.LeadIn | e.Ready):
                continue  # the guide's own count-in (`count_in_and_ready`) says these
            for cue in p.cues_for_events(self.lesson, [event]):
                self.add(cue)

    def count_in_and_ready(self) -> None:
        """A lead-in: after what is sounding and a breath of quiet, three ticks, then Ready."""
        start = self.after_speech(LEAD_IN_PAUSE)
        for k in range(p.COUNT_IN_SECONDS):
            self.add(p.PlannedCue(start + k, CueKind.COUNT_IN))
        self.do(c.Ready(), start + p.COUNT_IN_SECONDS)

    def do(self, command: c.Command, at: float) -> None:
        """Let deadlines up to session time `at` pass, then apply `command` there."""
        self.run_until(at)
        # No Next guard: the walk's commands are planned, never a second press by mistake.
        self.state, events = apply(self.lesson, self.state, command, at, 0.0)
        self.t = max(self.t, at)
        self.take(events)
        self.take_count_ins()

    def run_until(self, at: float) -> None:
        while True:
            due = next_deadline(self.lesson, self.state)
            if due is None or due > at:
                break
            self.state, events = apply(self.lesson, self.state, c.Tick(), due)
            self.t = due
            self.take(events)
            self.take_count_ins()

    def take_count_ins(self) -> None:
        for cue in p.count_ins(self.lesson, self.state):
            self.add(cue)

    def after_speech(self, pause: float) -> float:
        """Session time when what is sounding has ended, plus `pause`."""
        return max(self.t, self.busy_until) + pause


def lesson_timeline(lesson: Lesson, speech_seconds: SpeechSeconds = _no_speech) -> Timeline:
    """The lesson's cues in guide time; `speech_seconds(text)` says how long a line lasts."""
    compiled = compile_lesson(lesson)
    walk = _Walk(compiled, speech_seconds)
    walk.do(c.Start(), 0.0)
    for _ in range(_MAX_COMMANDS):
        st = walk.state
        if st.status == "ended":
            break
        if st.needs_ack:
            walk.do(c.AckReminder(), walk.after_speech(STEP_PAUSE))
            continue
        if st.waiting_ready:
            walk.count_in_and_ready()
            continue
        fs = current_step(compiled, st)
        assert fs is not None
        step = fs.step
        due = next_deadline(compiled, st)
        if _counting(step, st) and due is not None:
            walk.run_until(due)
        elif isinstance(step, OpenStep):
            planned = step.suggested_seconds or OPEN_STEP_SECONDS
            walk.do(c.Next(), max(st.step_entered_at + planned, walk.after_speech(0.0)))
        elif isinstance(step, CheckinStep):
            walk.do(c.Answer(yes=_continuing_answer(step)), walk.after_speech(STEP_PAUSE))
        elif isinstance(step, ReviewStep):
            walk.do(c.Finish(), walk.after_speech(STEP_PAUSE))
        else:
            walk.do(c.Next(), walk.after_speech(STEP_PAUSE))
    else:
        raise AudioError(f"lesson {lesson.id!r}: the guide did not reach the end of the lesson")
    seconds = max(walk.busy_until, walk.t) + END_PAUSE
    ordered = sorted(walk.cues, key=p.by_time)
    return Timeline(tuple(ordered), seconds)


def _counting(step: object, state: State) -> bool:
    """Whether the step is a hold or timer still running on its own deadlines."""
    if isinstance(step, HoldStep):
        return state.hold is not None and not state.hold.done
    return isinstance(step, TimedStep) and not state.timer_done


def _continuing_answer(step: CheckinStep) -> bool:
    """The answer that carries on with the lesson: yes, unless only no continues."""
    if step.route(True).action == "continue":
        return True
    return step.route(False).action != "continue"
