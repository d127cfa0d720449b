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

import re
import stat
from pathlib import Path

from coach.engine import commands as c
from coach.engine.clock import Clock, MonotonicClock
from coach.engine.events import Event, event_to_dict
from coach.engine.refusals import NEXT_GUARD_SECONDS
from coach.engine.session import Session
from coach.errors import CoachError
from coach.journal.header import Header, Mode, describe_os_error, header_for_lesson
from coach.journal.lock import SessionLocked
from coach.journal.writer import JournalWriter
from coach.lesson.model import Lesson
from coach.report.events import engine_events
from coach.report.fold import fold_events
from coach.report.model import Report
from coach.text import one_line


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
        walls: list[str | None] | None = None,
        *,
        next_guard: float = NEXT_GUARD_SECONDS,
    ) -> None:
        super().__init__(lesson, clock, events or (), next_guard=next_guard)
        self.writer = writer
        self.walls: list[str | None] = list(walls or [None] * len(self.events))
        """Each event's wall time as journaled, beside `events` (the report's clock times)."""

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
        next_guard: float = NEXT_GUARD_SECONDS,
    ) -> LiveSession:
        """A new journaled session (not yet started: the UI sends `Start`)."""
        header = header_for_lesson(lesson, lesson_path, mode)
        writer = JournalWriter.create(header, directory)
        return cls(lesson, clock or MonotonicClock(), writer, next_guard=next_guard)

    @classmethod
    def resume(cls, lesson: Lesson, path: Path, *, clock: Clock | None = None) -> LiveSession:
        """Reopen a journal, replay it, and continue its session time.

        Raises `ResumeError` with one line for a person: the session has ended,
        does not fit the lesson, or another coach is writing it right now.
        """
        try:
            writer, journal = JournalWriter.reopen(path)
        except SessionLocked as exc:
            raise ResumeError(str(exc)) from None
        events, walls, problems = engine_events(journal.events)
        if problems:
            writer.close()
            raise ResumeError(f"cannot resume {path}: {problems[0]}")
        last_t = events[-1].t if events else 0.0
        try:
            session = cls(lesson, clock or MonotonicClock(offset=last_t), writer, events, walls)
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
                self.walls.append(self.writer.append(event_to_dict(event), durable=False)["wall"])
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
        keep what they did. Raises `ExportError` or `coach.files.OutputError`
        with a clear message.
        """
        from coach import paths
        from coach.files import write_private_atomic
        from coach.journal.header import safe_name
        from coach.report.files import ExportError
        from coach.report.markdown import render_markdown

        folder = directory if directory is not None else paths.data_dir() / "exports"
        if not safe_name(self.session_id):
            raise ExportError(
                "this session's id is not a plain name; export it with `coach export`"
            )
        try:
            paths.ensure_private_dir(folder)
        except OSError as exc:
            raise ExportError(f"cannot create {folder}: {exc.strerror or exc}") from None
        target = folder / f"{self.session_id}.md"
        number = 2
        while target.exists() or target.is_symlink():  # a second export keeps the first
            target = folder / f"{self.session_id}-{number}.md"
            number += 1
        return write_private_atomic(target, render_markdown(self.report()))

    def report(self) -> Report:
        """The report of this session so far (what the summary shows and the export says)."""
        warnings = self.writer.warnings
        return fold_events(self.compiled, self.header, self.events, self.walls, warnings)


LESSON_ID = re.compile(r"[a-z0-9][a-z0-9_.-]{0,79}")
"""A lesson id as the lesson format allows it (lower-case; no path separator)."""


def lesson_for(header: Header) -> tuple[Lesson, Path]:
    """The lesson a journal was recorded with: its file if still there, else by id.

    The header is data from disk, so both are checked before use: the id
    against the lesson id pattern (it is looked up as a file name), the
    recorded path as a regular file (a FIFO or a device there would hang or
    never end). The loaded lesson's id must be the header's. Every refusal is
    one `ResumeError` line.
    """
    from coach.lesson.catalog import resolve
    from coach.lesson.loader import load_lesson

    lesson_id = header.lesson_id
    if (
        LESSON_ID.fullmatch(lesson_id) is None
        or ".." in lesson_id
        or lesson_id.endswith((".yaml", ".yml"))
    ):
        raise ResumeError(
            f"the journal names lesson {one_line(lesson_id)[:60]!r}, which is not a lesson id "
            "(lower-case letters, digits, `-`, `_`, `.`)"
        )
    recorded = _recorded_lesson_file(header.lesson_path)
    if recorded is not None:
        lesson, path = load_lesson(recorded), recorded
    else:
        lesson, path = resolve(lesson_id)
    if lesson.id != lesson_id:
        raise ResumeError(
            f"the journal is for lesson `{lesson_id}`, but {one_line(str(path))} "
            f"holds `{lesson.id}`"
        )
    return lesson, path


def _recorded_lesson_file(recorded: str | None) -> Path | None:
    """The lesson file the header records, if it is still there (None: look up by id)."""
    if not recorded:
        return None
    shown = one_line(recorded)[:200]
    if "\0" in recorded:
        raise ResumeError(f"the journal's lesson path {shown!r} is not a file name")
    path = Path(recorded)
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None  # the lesson moved: find it by its id
    except OSError as exc:
        raise ResumeError(f"cannot read the lesson {shown}: {describe_os_error(exc)}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ResumeError(
            f"the journal's lesson {shown} is not a regular file; coach reads lessons only "
            "from plain files"
        )
    return path
