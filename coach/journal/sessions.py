"""The session catalogue: which sessions there are, found by their file names.

A session's id *is* its journal's file stem (``sessions/<id>.jsonl``), so
`find_session` and `coach resume ID` / `export ID` look a session up by name
and read only that journal. `list_sessions` reads each journal (robustly: a
bad one is listed as unreadable with its one-line reason, and the rest still
list), and its figures come from the one report fold, so `coach sessions`
shows the same active time as the summary and the export.

Active time needs every pause of a session, so it cannot be read from a
journal's last lines; instead each file's cost is bounded: past
`LIST_FOLD_BYTES` a journal is listed from its header and its last 64 KiB
(status and end message, which coach writes last), saying that its active
time is left to `coach export`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from coach.journal.header import SUFFIX, JournalError, describe_os_error, parse_wall, safe_name
from coach.journal.reader import MAX_JOURNAL_BYTES, read_edges, read_journal
from coach.paths import sessions_dir
from coach.text import one_line
from coach.timefmt import duration

Status = Literal["finished", "stopped", "interrupted", "unreadable"]

LIST_FOLD_BYTES = 4 * 1024 * 1024
"""Journals up to this size (about 28,000 events, ten hours of holds) are folded whole for a
listing; a longer one is listed from its header and last lines, so one huge or
crafted journal cannot make `coach sessions` slow."""


@dataclass(frozen=True)
class SessionSummary:
    """One line of `coach sessions`."""

    id: str
    path: Path
    status: Status
    lesson_id: str = ""
    lesson_title: str = ""
    started_wall: str = ""
    mode: str = ""
    active_seconds: float = 0.0
    events: int = 0
    reason: str = ""
    """Why it is unreadable, or the end message of a stopped session (one line)."""
    warnings: tuple[str, ...] = ()
    steps_done: int = 0
    step_count: int = 0

    @property
    def active_minutes(self) -> float:
        return self.active_seconds / 60.0

    @property
    def active_text(self) -> str:
        """The active time as the summary and the export show it (`coach.timefmt.duration`)."""
        return duration(self.active_seconds)

    @property
    def started(self) -> datetime | None:
        return parse_wall(self.started_wall) or _parse_id(self.id)


def summarize(path: str | Path) -> SessionSummary:
    """Summarise one journal; an unreadable one becomes status ``unreadable``."""
    from coach.report.fold import fold  # the report builds on the engine, loaded on demand

    path = Path(path)
    try:
        size = os.lstat(path).st_size
    except OSError:
        size = 0  # read_journal says why in its own words
    if LIST_FOLD_BYTES < size <= MAX_JOURNAL_BYTES:  # past the maximum, read_journal refuses
        return _summarize_edges(path)
    try:
        journal = read_journal(path)
        if journal.header.session != path.stem:
            raise JournalError(
                f"{path}:1: the header names session {one_line(journal.header.session)!r}, "
                "not the file's name"
            )
        report = fold(None, journal.header, journal.events, journal.warnings)
    except JournalError as exc:
        return SessionSummary(
            id=path.stem, path=path, status="unreadable", reason=one_line(str(exc))
        )
    header = journal.header
    message = report.session.end_message
    return SessionSummary(
        id=header.session,
        path=path,
        status=report.session.status,  # type: ignore[arg-type]
        lesson_id=header.lesson_id,
        lesson_title=header.lesson_title,
        started_wall=header.started_wall,
        mode=header.mode,
        active_seconds=report.time.active_seconds,
        events=len(journal.events),
        reason=one_line(message) if message else "",
        warnings=tuple(journal.warnings),
        steps_done=report.steps_done,
        step_count=len(report.steps),
    )


def _summarize_edges(path: Path) -> SessionSummary:
    """A journal too long to fold for a list: its header, and its status from the tail.

    Coach ends a journal with ``SessionEnded`` (a review or notes may follow
    it), so the last lines say whether the session ended; its active time
    needs every pause of it, and is left for `coach export` to count.
    """
    try:
        edges = read_edges(path)
        if edges.header.session != path.stem:
            raise JournalError(
                f"{path}:1: the header names session {one_line(edges.header.session)!r}, "
                "not the file's name"
            )
        if edges.problem is not None:
            raise JournalError(edges.problem)
    except JournalError as exc:
        return SessionSummary(
            id=path.stem, path=path, status="unreadable", reason=one_line(str(exc))
        )
    header = edges.header
    status: Status = "interrupted"
    notes = [
        f"a {edges.size / 2**20:.0f} MB journal, too long to count its active time in a list; "
        f"`coach export {header.session}` reads all of it"
    ]
    for record in edges.tail:
        if record.get("type") == "SessionEnded":
            status = "finished" if record.get("reason") == "finished" else "stopped"
            message = record.get("message")
            if isinstance(message, str) and message:
                notes.insert(0, message)
            break
    return SessionSummary(
        id=header.session,
        path=path,
        status=status,
        lesson_id=header.lesson_id,
        lesson_title=header.lesson_title,
        started_wall=header.started_wall,
        mode=header.mode,
        reason=one_line("; ".join(notes))[:300],
    )


def journal_paths(directory: Path | None = None) -> Iterator[Path]:
    """Every ``<id>.jsonl`` in `directory` whose id is a plain name."""
    directory = directory if directory is not None else sessions_dir()
    try:
        entries = sorted(directory.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        raise JournalError(f"cannot list {directory}: {describe_os_error(exc)}") from None
    for entry in entries:
        if entry.suffix == SUFFIX and safe_name(entry.stem):
            yield entry


def list_sessions(directory: Path | None = None) -> list[SessionSummary]:
    """Every session in `directory` (default `sessions_dir()`), newest first."""
    summaries = [summarize(p) for p in journal_paths(directory)]
    return sorted(summaries, key=_newest_first_key, reverse=True)


def latest_interrupted(directory: Path | None = None) -> SessionSummary | None:
    """The newest session that ended without a ``SessionEnded`` (to resume).

    Recall drills are not resumed (a new drill starts with the weak steps).
    """
    for summary in list_sessions(directory):
        if summary.status == "interrupted" and summary.mode != "rehearse":
            return summary
    return None


def find_session(prefix: str, directory: Path | None = None) -> SessionSummary:
    """The session whose id (file name) is or starts with `prefix`; clear errors otherwise."""
    directory = directory if directory is not None else sessions_dir()
    prefix = prefix.strip()
    if not prefix:
        raise JournalError("give a session id (or the start of one); `coach sessions` lists them")
    if not safe_name(prefix):
        raise JournalError(
            f"{one_line(prefix)[:60]!r} is not a session id; `coach sessions` lists them"
        )
    exact = directory / f"{prefix}{SUFFIX}"
    if exact.exists() or exact.is_symlink():
        return summarize(exact)
    matches = [p for p in journal_paths(directory) if p.stem.startswith(prefix)]
    if not matches:
        raise JournalError(f"no session id starts with {prefix!r}; `coach sessions` lists them")
    if len(matches) > 1:
        shown = ", ".join(p.stem for p in matches[:5])
        more = f" and {len(matches) - 5} more" if len(matches) > 5 else ""
        raise JournalError(
            f"{prefix!r} matches {len(matches)} sessions ({shown}{more}); type more of the id"
        )
    return summarize(matches[0])


def _parse_id(session_id: str) -> datetime | None:
    try:
        return datetime.strptime(session_id[:15], "%Y%m%d-%H%M%S").astimezone()
    except ValueError:
        return None


def _newest_first_key(summary: SessionSummary) -> tuple[float, str]:
    started = summary.started
    if started is None:
        try:
            return summary.path.lstat().st_mtime, summary.id
        except OSError:
            return 0.0, summary.id
    return started.timestamp(), summary.id
