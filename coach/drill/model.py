"""A recall drill over a lesson's steps, as a pure fold over events.

Rehearsing means being shown *where* you are (section, step number, title),
trying to recall what to do, revealing it and grading yourself honestly:
knew, partly or missed. Steps graded weak in earlier drills come first next
time, so practice goes where it is needed.

The drill follows the engine's shape on purpose: what happened is a list of
small JSON-safe event dicts (``DrillStarted``, ``CardRevealed``,
``DrillGraded``, ``SessionEnded``), the state is `replay_drill` of them, and
`Drill` only decides which event a key press makes. So a rehearsal journals,
lists and exports exactly like a session, and the tests need no terminal.
``SessionEnded`` reuses the engine's name so `list_sessions` shows a finished
or stopped drill without knowing anything about drills.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from coach.engine.clock import Clock
from coach.lesson.model import (
    CheckinStep,
    ChecklistStep,
    FeedbackStep,
    FlatStep,
    HoldStep,
    Lesson,
    OpenStep,
    ReviewStep,
    TimedStep,
)

Grade = Literal["knew", "partly", "missed"]
GRADES: tuple[Grade, ...] = ("knew", "partly", "missed")
WEAK: frozenset[str] = frozenset({"partly", "missed"})
_SEVERITY = {"missed": 0, "partly": 1}

EventDict = dict[str, Any]


# --------------------------------------------------------------------------- order


def drill_order(lesson: Lesson, weak: Mapping[str, str]) -> tuple[str, ...]:
    """Step ids in drill order: earlier weak steps first, then the rest in lesson order.

    Among the weak ones, missed comes before partly, then lesson order. Ids in
    `weak` that the lesson no longer has are ignored (the lesson was edited).
    """
    flat = lesson.flat_steps()
    ids = [fs.id for fs in flat]
    weak_ids = [i for i in ids if weak.get(i) in WEAK]
    weak_ids.sort(key=lambda i: (_SEVERITY[weak[i]], ids.index(i)))
    chosen = set(weak_ids)
    return tuple(weak_ids + [i for i in ids if i not in chosen])


# --------------------------------------------------------------------------- cards


@dataclass(frozen=True, slots=True)
class Card:
    """What the drill shows for one step: where it is, and (once revealed) the answer."""

    step_id: str
    section: str
    number: int  # 1-based position in the lesson
    count: int  # steps in the lesson
    title: str
    kind: str
    answer: tuple[str, ...]  # lines revealed: what to do, the cue, the step's particulars

    @property
    def where(self) -> str:
        return f"{self.section} · step {self.number} of {self.count}"


def answer_lines(fs: FlatStep, lesson: Lesson) -> tuple[str, ...]:
    """What there was to recall, as plain (unescaped, literal) lines."""
    step = fs.step
    lines: list[str] = []
    if step.do:
        lines.append(f"Do: {step.do}")
    if step.cue:
        lines.append(f"Notice: {step.cue}")
    if isinstance(step, HoldStep):
        pace = step.pace or lesson.pace
        hours = ", ".join(str(p.at) for p in step.positions)
        lines.append(
            f"Hold at {hours} o'clock, {step.depth.label}, {step.breaths} breaths each "
            f"(in {pace.inhale:g} s, out {pace.exhale:g} s, press on the exhale); "
            f"between positions: {step.between.action}"
        )
    elif isinstance(step, TimedStep):
        lines.append(f"Timed: {step.seconds:g} s")
    elif isinstance(step, OpenStep) and step.suggested_seconds:
        lines.append(f"About {step.suggested_seconds:g} s, as long as it helps")
    elif isinstance(step, ChecklistStep | FeedbackStep):
        lines.extend(f"• {item}" for item in step.items)
    elif isinstance(step, CheckinStep):
        lines.append(f"Ask: {step.question}")
    elif isinstance(step, ReviewStep):
        lines.extend(f"• {p}" for p in step.prompts)
    if not lines:
        lines.append("(nothing more than the title)")
    return tuple(lines)


def card_for(lesson: Lesson, step_id: str) -> Card:
    flat = lesson.flat_steps()
    for fs in flat:
        if fs.id == step_id:
            return Card(
                step_id=fs.id,
                section=fs.section_title,
                number=fs.index + 1,
                count=len(flat),
                title=fs.step.title,
                kind=fs.step.kind,
                answer=answer_lines(fs, lesson),
            )
    raise KeyError(step_id)


# --------------------------------------------------------------------------- state


@dataclass(frozen=True, slots=True)
class DrillState:
    order: tuple[str, ...] = ()
    position: int = 0
    revealed: bool = False
    grades: tuple[tuple[str, Grade], ...] = ()
    started: bool = False
    ended: bool = False
    end_reason: str | None = None
    last_t: float = 0.0

    @property
    def current(self) -> str | None:
        if not self.started or self.ended or self.position >= len(self.order):
            return None
        return self.order[self.position]

    @property
    def weak(self) -> tuple[tuple[str, Grade], ...]:
        """This drill's steps graded partly or missed, in the order drilled."""
        return tuple((sid, g) for sid, g in self.grades if g in WEAK)

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(GRADES, 0)
        for _sid, grade in self.grades:
            out[grade] += 1
        return out


def evolve_drill(state: DrillState, event: Mapping[str, Any]) -> DrillState:
    """Apply one event dict; unknown types (and ``wall``) are ignored."""
    kind = event.get("type")
    t = event.get("t")
    if isinstance(t, int | float) and not isinstance(t, bool):
        state = replace(state, last_t=max(state.last_t, float(t)))
    if kind == "DrillStarted":
        return replace(state, order=tuple(event.get("order", ())), position=0, started=True)
    if kind == "CardRevealed":
        return replace(state, revealed=True)
    if kind == "DrillGraded":
        grade = event.get("grade")
        sid = event.get("step_id")
        if grade not in GRADES or not isinstance(sid, str):
            return state
        return replace(
            state,
            grades=(*state.grades, (sid, grade)),
            position=state.position + 1,
            revealed=False,
        )
    if kind == "SessionEnded":
        return replace(state, ended=True, end_reason=str(event.get("reason", "")))
    return state


def replay_drill(events: Iterable[Mapping[str, Any]]) -> DrillState:
    state = DrillState()
    for event in events:
        state = evolve_drill(state, event)
    return state


# --------------------------------------------------------------------------- drill


class Drill:
    """A drill in progress: the lesson, a clock, and the events so far.

    Each action returns the new event dicts (empty when it makes no sense now:
    grading before revealing, acting after the end), already folded into `state`.
    """

    def __init__(
        self, lesson: Lesson, clock: Clock, events: Sequence[Mapping[str, Any]] = ()
    ) -> None:
        self.lesson = lesson
        self.clock = clock
        self.events: list[EventDict] = [dict(e) for e in events]
        self.state = replay_drill(self.events)

    def _emit(self, *events: EventDict) -> list[EventDict]:
        out = list(events)
        for event in out:
            self.state = evolve_drill(self.state, event)
        self.events.extend(out)
        return out

    def _now(self) -> float:
        return max(self.clock.now(), self.state.last_t)

    @property
    def card(self) -> Card | None:
        sid = self.state.current
        return card_for(self.lesson, sid) if sid is not None else None

    @property
    def done(self) -> bool:
        return self.state.ended

    def start(self, weak: Mapping[str, str] | None = None) -> list[EventDict]:
        if self.state.started:
            return []
        weak = dict(weak or {})
        order = drill_order(self.lesson, weak)
        first = [sid for sid in order if weak.get(sid) in WEAK]
        return self._emit(
            {
                "type": "DrillStarted",
                "t": self._now(),
                "lesson_id": self.lesson.id,
                "lesson_version": self.lesson.version,
                "order": list(order),
                "weak": first,
            }
        )

    def reveal(self) -> list[EventDict]:
        sid = self.state.current
        if sid is None or self.state.revealed:
            return []
        return self._emit({"type": "CardRevealed", "t": self._now(), "step_id": sid})

    def grade(self, grade: Grade) -> list[EventDict]:
        sid = self.state.current
        if sid is None or not self.state.revealed or grade not in GRADES:
            return []
        card = card_for(self.lesson, sid)
        now = self._now()
        out = [
            {
                "type": "DrillGraded",
                "t": now,
                "step_id": sid,
                "title": card.title,
                "section": card.section,
                "number": card.number,
                "grade": grade,
            }
        ]
        if self.state.position + 1 >= len(self.state.order):
            out.append({"type": "SessionEnded", "t": now, "reason": "finished"})
        return self._emit(*out)

    def stop(self) -> list[EventDict]:
        if self.state.ended or not self.state.started:
            return []
        return self._emit({"type": "SessionEnded", "t": self._now(), "reason": "stopped"})
