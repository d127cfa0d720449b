"""A session in memory: a lesson compiled once, a clock, the state and every event so far.

What the UI, `coach run` and the tests hold. It only ties `decide`, `evolve`
and `view` to a clock; the journaled variant (`coach.live.LiveSession`) adds
the writing.
"""

from __future__ import annotations

from collections.abc import Iterable

from coach.engine import commands as c
from coach.engine import events as e
from coach.engine.clock import Clock
from coach.engine.compiled import CompiledLesson, compile_lesson
from coach.engine.decide import apply
from coach.engine.evolve import replay
from coach.engine.refusals import NEXT_GUARD_SECONDS, why_refused
from coach.engine.state import View
from coach.engine.view import view
from coach.lesson.model import Lesson


class Session:
    """A lesson, a clock, the state and every event so far.

    `next_guard`: seconds after a step begins during which Next is refused (0 for
    scripts that press keys at machine speed).
    """

    def __init__(
        self,
        lesson: Lesson,
        clock: Clock,
        events: Iterable[e.Event] = (),
        *,
        next_guard: float = NEXT_GUARD_SECONDS,
    ) -> None:
        self.lesson = lesson
        self.next_guard = next_guard
        self.compiled: CompiledLesson = compile_lesson(lesson)
        self.clock = clock
        self.events: list[e.Event] = list(events)
        self.state = replay(self.compiled, self.events)

    def do(self, command: c.Command) -> list[e.Event]:
        """Apply `command` now; the new events (empty if it was refused)."""
        self.state, new = apply(
            self.compiled, self.state, command, self.clock.now(), self.next_guard
        )
        self.events.extend(new)
        return new

    def tick(self) -> list[e.Event]:
        return self.do(c.Tick())

    def why_refused(self, command: c.Command) -> str | None:
        return why_refused(self.compiled, self.state, command, self.clock.now(), self.next_guard)

    def view(self) -> View:
        return view(self.compiled, self.state, self.clock.now())
