"""A recall drill as a pure fold over events, graded with the four FSRS ratings.

Rehearsing means being shown a card (where the step is, its title, and the
question: "what is done here?" or "what comes next?"), recalling the answer,
revealing it and grading yourself honestly: 1 again, 2 hard, 3 good, 4 easy.
Each grade reschedules the card (`coach.drill.scheduler`); a card graded
"again" also comes back at the end of the same drill (at most twice more).

The drill follows the engine's shape on purpose: what happened is a list of
small JSON-safe event dicts (``DrillStarted``, ``CardRevealed``,
``DrillGraded``, ``SessionEnded``), the state is `replay_drill` of them, and
`Drill` only decides which event a key press makes. So a rehearsal journals,
lists and exports exactly like a session, and the tests need no terminal.
``SessionEnded`` reuses the engine's name so `list_sessions` shows a finished
or stopped drill without knowing anything about drills.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from coach.drill.cards import Face, face
from coach.drill.scheduler import review_card
from coach.drill.store import ASKS, RATINGS, CardKey, Memory
from coach.engine.clock import Clock
from coach.lesson.model import Lesson

WEAK: frozenset[str] = frozenset({"again", "hard"})
AGAIN_IN_DRILL = 2
"""A card graded "again" comes back at the end of the same drill, at most this many times
more (as Anki's learning steps do): the sequence is learned by recalling it until it holds."""
EventDict = dict[str, Any]
WallClock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _key(raw: Any) -> CardKey | None:
    if (
        isinstance(raw, list | tuple)
        and len(raw) == 3
        and all(isinstance(part, str) for part in raw)
        and raw[2] in ASKS
    ):
        return CardKey(raw[0], raw[1], raw[2])
    return None


@dataclass(frozen=True, slots=True)
class DrillState:
    order: tuple[CardKey, ...] = ()
    position: int = 0
    revealed: bool = False
    grades: tuple[tuple[CardKey, str], ...] = ()
    started: bool = False
    ended: bool = False
    end_reason: str | None = None
    last_t: float = 0.0

    @property
    def current(self) -> CardKey | None:
        if not self.started or self.ended or self.position >= len(self.order):
            return None
        return self.order[self.position]

    @property
    def weak(self) -> tuple[tuple[CardKey, str], ...]:
        """This drill's cards graded again or hard, in the order drilled."""
        return tuple((key, g) for key, g in self.grades if g in WEAK)

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(RATINGS, 0)
        for _card, grade in self.grades:
            out[grade] += 1
        return out


def evolve_drill(state: DrillState, event: Mapping[str, Any]) -> DrillState:
    """Apply one event dict; unknown types (and malformed parts) are ignored."""
    kind = event.get("type")
    t = event.get("t")
    if isinstance(t, int | float) and not isinstance(t, bool):
        state = replace(state, last_t=max(state.last_t, float(t)))
    if kind == "DrillStarted":
        raw = event.get("order", ())
        order = tuple(k for k in map(_key, raw if isinstance(raw, list) else ()) if k)
        return replace(state, order=order, position=0, started=True)
    if kind == "CardRevealed":
        return replace(state, revealed=True)
    if kind == "DrillGraded":
        grade = event.get("rating")
        key = _key([event.get("lesson_id"), event.get("step_id"), event.get("ask")])
        if grade not in RATINGS or key is None:
            return state
        again = event.get("again_in_drill") is True  # shown once more at the end
        return replace(
            state,
            order=(*state.order, key) if again else state.order,
            grades=(*state.grades, (key, str(grade))),
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


class Drill:
    """A drill in progress: its lessons, the memory it reschedules, clocks, events.

    Each action returns the new event dicts (empty when it makes no sense now:
    grading before revealing, acting after the end), already folded into
    `state`; a grade also reschedules the card in `memory`. `clock` gives
    session time (``t``), `wall` the moment FSRS schedules from.
    """

    def __init__(
        self,
        lessons: Mapping[str, Lesson],
        memory: Memory,
        clock: Clock,
        *,
        wall: WallClock = utc_now,
        label: str = "",
    ) -> None:
        self.lessons = dict(lessons)
        self.memory = memory
        self.clock = clock
        self.wall = wall
        self.label = label or ", ".join(lesson.title for lesson in self.lessons.values())
        self.events: list[EventDict] = []
        self.state = DrillState()

    def _emit(self, *events: EventDict) -> list[EventDict]:
        out = list(events)
        for event in out:
            self.state = evolve_drill(self.state, event)
        self.events.extend(out)
        return out

    def _now(self) -> float:
        return max(self.clock.now(), self.state.last_t)

    def face_of(self, key: CardKey) -> Face:
        return face(self.lessons[key.lesson_id], key)

    @property
    def card(self) -> Face | None:
        key = self.state.current
        return self.face_of(key) if key is not None else None

    @property
    def done(self) -> bool:
        return self.state.ended

    def start(self, order: Sequence[CardKey], *, cram: bool = False) -> list[EventDict]:
        if self.state.started:
            return []
        now = self._now()
        events: list[EventDict] = [
            {
                "type": "DrillStarted",
                "t": now,
                "lessons": sorted(self.lessons),
                "order": [list(key) for key in order],
                "cram": cram,
            }
        ]
        if not order:
            events.append({"type": "SessionEnded", "t": now, "reason": "finished"})
        return self._emit(*events)

    def reveal(self) -> list[EventDict]:
        key = self.state.current
        if key is None or self.state.revealed:
            return []
        return self._emit({"type": "CardRevealed", "t": self._now(), "step_id": key.step_id})

    def grade(self, rating: str) -> list[EventDict]:
        key = self.state.current
        if key is None or not self.state.revealed or rating not in RATINGS:
            return []
        card = self.face_of(key)
        after = review_card(self.memory, key, RATINGS.index(rating) + 1, self.wall())
        now = self._now()
        again = rating == "again" and self.state.order.count(key) <= AGAIN_IN_DRILL
        graded: list[EventDict] = [
            {
                "type": "DrillGraded",
                "t": now,
                "lesson_id": key.lesson_id,
                "step_id": key.step_id,
                "ask": key.ask,
                "rating": rating,
                "title": card.prompt,
                "where": card.where,
                "due": after.due.isoformat(),
                "again_in_drill": again,
            }
        ]
        out = self._emit(*graded)
        if self.state.position >= len(self.state.order):
            out += self._emit({"type": "SessionEnded", "t": now, "reason": "finished"})
        return out

    def stop(self) -> list[EventDict]:
        if self.state.ended or not self.state.started:
            return []
        return self._emit({"type": "SessionEnded", "t": self._now(), "reason": "stopped"})
