"""A drill that writes itself down: journal events as they happen, memory at each grade.

The rehearse screen drives a `DrillSession` the way the run screen drives a
`LiveSession`: each action's events are appended to a journal (mode
``rehearse``, so `coach sessions` can tell drills from sessions) and made
durable at once. Each grade also saves the drill memory (atomically), so a
drill cut short by a crash keeps every grade given; the save adds this
drill's grades to what is in the file then, so two drills at once both keep
theirs. Problems saving either are reported, never raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coach.drill.cards import drill_queue
from coach.drill.model import Drill, EventDict, WallClock, utc_now
from coach.drill.store import EVERY_LESSON_ID, Memory, Review, load_memory, save_reviews
from coach.engine.clock import Clock, MonotonicClock
from coach.journal import JournalWriter, header_for_lesson, new_header
from coach.lesson.model import Lesson

EVERY_LESSON_TITLE = "Due today, every lesson"


class DrillSession(Drill):
    """A `Drill` journaled by a `JournalWriter`, saving the drill memory as it goes."""

    def __init__(
        self,
        lessons: dict[str, Lesson],
        memory: Memory,
        clock: Clock,
        writer: JournalWriter | None,
        *,
        wall: WallClock = utc_now,
        memory_dir: Path | None = None,
        warnings: Sequence[str] = (),
        label: str = "",
    ) -> None:
        super().__init__(lessons, memory, clock, wall=wall, label=label)
        self.writer = writer
        self.memory_dir = memory_dir
        self.warnings: list[str] = list(warnings)
        self.memory_problem: str | None = None
        self.mine: list[Review] = []  # the reviews made in this drill

    @classmethod
    def open(
        cls,
        lessons: Sequence[tuple[Lesson, Path | None]],
        *,
        every_lesson: bool = False,
        cram: bool = False,
        section: str | None = None,
        clock: Clock | None = None,
        wall: WallClock = utc_now,
        directory: Path | None = None,
        memory_dir: Path | None = None,
        warnings: Sequence[str] = (),
    ) -> DrillSession:
        """A new drill, started. `every_lesson`: only what is due (no new cards).

        A drill with no card (nothing due) is not journaled: it did not happen.
        """
        memory, notes = load_memory(memory_dir)
        by_id = {lesson.id: lesson for lesson, _path in lessons}
        order = drill_queue(
            by_id.values(), memory, wall(), cram=cram, new=not every_lesson, section=section
        )
        if every_lesson or len(lessons) != 1:
            header = new_header(
                lesson_id=EVERY_LESSON_ID, lesson_title=EVERY_LESSON_TITLE, mode="rehearse"
            )
            label = EVERY_LESSON_TITLE
        else:
            lesson, path = lessons[0]
            header = header_for_lesson(lesson, path, "rehearse")
            label = lesson.title
        writer = JournalWriter.create(header, directory) if order else None
        session = cls(
            by_id,
            memory,
            clock or MonotonicClock(),
            writer,
            wall=wall,
            memory_dir=memory_dir,
            warnings=[*warnings, *notes],
            label=label,
        )
        session.start(order, cram=cram)
        return session

    def _emit(self, *events: EventDict) -> list[EventDict]:
        out = super()._emit(*events)
        if self.writer is not None:
            for event in out:
                self.writer.append(event, durable=False)
            if out:
                self.writer.sync()
        if any(event["type"] == "DrillGraded" for event in out):
            self.mine.append(self.memory.reviews[-1])
            self.memory, self.memory_problem = save_reviews(self.memory, self.mine, self.memory_dir)
        return out

    @property
    def problem(self) -> str | None:
        return (self.writer.problem if self.writer else None) or self.memory_problem

    @property
    def session_id(self) -> str | None:
        return self.writer.header.session if self.writer else None

    def close(self) -> None:
        """End the drill (stopped, if it was not finished) and close the journal."""
        self.stop()
        if self.writer is not None:
            self.writer.close()
