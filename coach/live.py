"""A running session that writes itself down: the engine plus the journal.

The UI drives a `LiveSession` exactly as it would the engine's `Session`, and
every event the engine emits is appended to the session's journal: the events
of a command a person gave are made durable (fsync) before the call returns,
so what the screen shows as done survives a kill at any moment; the events of a
`Tick` (breath phases, timers) are written without fsync and become durable
with the next durable write.

Resuming replays the journal into the same state and continues the session
clock from the last recorded moment, so time spent with the app closed counts
neither as active nor as paused time; the export shows it as an interruption.
"""

from __future__ import annotations

from pathlib import Path

from coach.engine import commands as c
from coach.engine.clock import Clock, MonotonicClock
from coach.engine.events import Event, event_to_dict
from coach.engine.machine import Session
from coach.errors import CoachError
from coach.journal.export import engine_events
from coach.journal.store import (
    Header,
    JournalWriter,
    Mode,
    header_for_lesson,
)
from coach.lesson.model import Lesson


class ResumeError(CoachError):
    """A session that cannot be continued, with the reason for a person."""


class LiveSession(Session):
    """An engine `Session` whose events go to a `JournalWriter` as they happen."""

    def __init__(
        self,
        lesson: Lesson,
        clock: Clock,
        writer: JournalWriter,
        events: list[Event] | None = None,
    ) -> None:
        super().__init__(lesson, clock, events or ())
        self.writer = writer

    # ---- opening

    @classmethod
    def start(
        cls,
        lesson: Lesson,
        lesson_path: Path | None,
        *,
        mode: Mode = "run",
        clock: Clock | None = None,
        directory: Path | None = None,
    ) -> LiveSession:
        """A new journaled session (not yet started: the UI sends `Start`)."""
        header = header_for_lesson(lesson, lesson_path, mode)
        writer = JournalWriter.create(header, directory)
        return cls(lesson, clock or MonotonicClock(), writer)

    @classmethod
    def resume(cls, lesson: Lesson, path: Path, *, clock: Clock | None = None) -> LiveSession:
        """Reopen a journal, replay it, and continue its session time.

        The journal's records and events are made and kept with the cyclic
        collector paused (`collector_paused`): a collection in the middle
        would free nothing and only walk them all, more than once on a long
        session, before the first frame.
        """
        return cls._resume(lesson, path, clock)

    @classmethod
    def _resume(cls, lesson: Lesson, path: Path, clock: Clock | None) -> LiveSession:
        writer = JournalWriter.reopen(path)
        events, _walls, problems = engine_events(writer.events)
        if problems:
            writer.close()
            raise ResumeError(f"cannot resume {path}: {problems[0]}")
        last_t = events[-1].t if events else 0.0
        try:
            session = cls(lesson, clock or MonotonicClock(offset=last_t), writer, events)
        except CoachError as exc:
            writer.close()
            raise ResumeError(f"cannot resume {path}: {exc}") from None
        if session.state.status == "ended":
            writer.close()
            raise ResumeError(
                f"session {writer.header.session} has already ended; nothing to resume"
            )
        if session.state.status != "idle":
            session.do(c.Recover())
        return session

    # ---- the session interface the UI uses

    def do(self, command: c.Command) -> list[Event]:
        new = super().do(command)
        if new:
            durable = not isinstance(command, c.Tick)
            for event in new:
                self.writer.append(event_to_dict(event), durable=False)
            if durable:
                self.writer.sync()
        return new

    @property
    def header(self) -> Header:
        return self.writer.header

    @property
    def session_id(self) -> str:
        return self.writer.header.session

    @property
    def saved(self) -> bool:
        return self.writer.saved

    @property
    def problem(self) -> str | None:
        return self.writer.problem

    def close(self) -> None:
        self.writer.close()

    def export_markdown(self, directory: Path | None = None) -> Path:
        """Write this session's Markdown to the private exports folder; its path.

        Built from the events in memory, so it works even when the journal
        could not be written (a full or read-only disk): the person can still
        keep what they did. Raises `ExportError` with a clear message.
        """
        from coach import paths
        from coach.journal.export import to_markdown, write_private

        folder = directory if directory is not None else paths.data_dir() / "exports"
        try:
            paths.ensure_private_dir(folder)
        except OSError as exc:
            from coach.journal.export import ExportError

            raise ExportError(f"cannot create {folder}: {exc.strerror or exc}") from None
        target = folder / f"{self.session_id}.md"
        return write_private(target, to_markdown(self.lesson, self.header, self.writer.events))


def lesson_for(header: Header) -> tuple[Lesson, Path]:
    """The lesson a journal was recorded with: its file if still there, else by id."""
    from coach.lesson.catalog import resolve

    recorded = Path(header.lesson_path) if header.lesson_path else None
    if recorded is not None and recorded.is_file():
        lesson, path = resolve(str(recorded))
    else:
        lesson, path = resolve(header.lesson_id)
    if lesson.id != header.lesson_id:
        raise ResumeError(
            f"the journal is for lesson `{header.lesson_id}`, but {path} holds `{lesson.id}`"
        )
    return lesson, path
