"""Mirror a session from its journal: the pure half of `coach follow`.

A follower never talks to the instructor's process. It replays the journal
into the engine's state (the same `evolve` the live session used, so the
step, the checklist ticks and the hold are exactly the instructor's), then
feeds it each new event from `JournalTail`.

Between events the follower must still animate the pacer and count the
timer, so it needs the instructor's *session time* now. Events carry ``t``
(session time) and ``"wall"`` (when they were written); the newest event
says: at wall time W the session clock read t. So session time now is
``t + (wall_now - W)``, kept on the local monotonic clock from then on and
re-anchored at every new event (a drifting wall clock cannot accumulate).
A pause needs no special case: the engine's state freezes the view.

Instructor notes (`note` on steps) live in the lesson, not the journal; the
follow view simply never renders them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from coach.engine.compiled import compile_lesson
from coach.engine.decoding import event_from_dict
from coach.engine.evolve import evolve
from coach.engine.state import State, View
from coach.engine.view import view as engine_view
from coach.journal.header import local_now
from coach.lesson.model import Lesson


def _wall_seconds(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.timestamp()


class Mirror:
    """The engine state of someone else's session, and its session clock."""

    def __init__(
        self,
        lesson: Lesson,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = local_now,
    ) -> None:
        self.lesson = lesson
        self.compiled = compile_lesson(lesson)
        self.state = State()
        self._monotonic = monotonic
        self._wall = wall
        self._offset: float | None = None  # session time = monotonic() + offset

    def feed(self, records: Iterable[Mapping[str, Any]]) -> bool:
        """Fold new journal records (dicts with ``"wall"``); True if any arrived.

        Raises `EventError` / `EngineError` for a record that does not fit:
        the journal is not this lesson's, or is corrupt.
        """
        last: Mapping[str, Any] | None = None
        for record in records:
            event = event_from_dict(dict(record), ignore=("wall",))
            self.state = evolve(self.compiled, self.state, event)
            last = record
        if last is None:
            return False
        self._anchor(last)
        return True

    def _anchor(self, record: Mapping[str, Any]) -> None:
        t = float(record.get("t", self.state.last_t))
        written = _wall_seconds(record.get("wall"))
        behind = 0.0
        if written is not None:
            # Never negative (a clock stepped back) and never absurd (an old journal
            # opened later is anchored at its last event, as if it had just happened).
            behind = min(max(0.0, self._wall().timestamp() - written), 24 * 3600.0)
        self._offset = t + behind - self._monotonic()

    def now(self) -> float:
        """The instructor's session time, estimated locally."""
        if self._offset is None:
            return self.state.last_t
        return max(self.state.last_t, self._monotonic() + self._offset)

    @property
    def ended(self) -> bool:
        return self.state.status == "ended"

    def view(self) -> View:
        return engine_view(self.compiled, self.state, self.now())
