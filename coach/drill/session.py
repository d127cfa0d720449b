"""A drill that writes itself down: journal events as they happen, memory at the end.

The rehearse screen drives a `DrillSession` the way the run screen drives a
`LiveSession`: each action's events are appended to a journal (mode
``rehearse``) and made durable at once, so `coach sessions` lists the drill
and its export reads the journal. When the drill ends, finished or stopped
early, the grades it produced update the lesson's weak-step memory; a
problem saving either is reported, never raised.
"""

from __future__ import annotations

from pathlib import Path

from coach.drill.model import Drill, EventDict
from coach.drill.store import Memory, load_memory, save_memory
from coach.engine.clock import Clock, MonotonicClock
from coach.journal.store import JournalWriter, header_for_lesson
from coach.lesson.model import Lesson


class DrillSession(Drill):
    """A `Drill` journaled by a `JournalWriter` and remembered in the drill memory."""

    def __init__(
        self,
        lesson: Lesson,
        clock: Clock,
        writer: JournalWriter,
        memory: Memory,
        *,
        memory_dir: Path | None = None,
        warnings: list[str] | None = None,
    ) -> None:
        super().__init__(lesson, clock)
        self.writer = writer
        self.memory = memory
        self.memory_dir = memory_dir
        self.warnings: list[str] = list(warnings or [])
        self.memory_problem: str | None = None
        self._remembered = False

    @classmethod
    def open(
        cls,
        lesson: Lesson,
        lesson_path: Path | None,
        *,
        clock: Clock | None = None,
        directory: Path | None = None,
        memory_dir: Path | None = None,
    ) -> DrillSession:
        """A new drill of `lesson`, started: weak steps of earlier drills come first."""
        memory, warnings = load_memory(lesson.id, memory_dir)
        writer = JournalWriter.create(header_for_lesson(lesson, lesson_path, "rehearse"), directory)
        session = cls(
            lesson,
            clock or MonotonicClock(),
            writer,
            memory,
            memory_dir=memory_dir,
            warnings=warnings,
        )
        session.start(memory.weak())
        return session

    def _emit(self, *events: EventDict) -> list[EventDict]:
        out = super()._emit(*events)
        for event in out:
            self.writer.append(event, durable=False)
        if out:
            self.writer.sync()
        if self.state.ended and not self._remembered:
            self._remembered = True
            self.memory = self.memory.updated(self.state.grades)
            self.memory_problem = save_memory(self.memory, self.memory_dir)
        return out

    @property
    def problem(self) -> str | None:
        return self.writer.problem or self.memory_problem

    @property
    def session_id(self) -> str:
        return self.writer.header.session

    def close(self) -> None:
        """End the drill (stopped, if it was not finished) and close the journal."""
        self.stop()
        self.writer.close()
