"""The session journal: an append-only JSON Lines file per session.

A session *is* its event list (see DESIGN.md), so the journal is the one copy
of a person's progress: `resume` replays it, `export` folds it, `sessions`
summarises it. Three properties follow from that and shape this module:

- **Private.** Session logs are intimate. They live in the user's data folder
  (folder 0700, files 0600) and nothing here touches the network.
- **Crash-safe by construction.** Every event is one whole line written with a
  single ``os.write`` on an ``O_APPEND`` descriptor, so a kill -9 can at worst
  leave a torn *last* line, which the reader detects, reports once and ignores.
  Events a person caused are fsync'ed before the app moves on.
- **Never fatal.** A full disk or an unwritable folder must not end a session in
  the middle of a hold. The writer then keeps every event in memory, says
  plainly that the session is not being saved, and never raises.

Layout of ``sessions/<session-id>.jsonl``: line 1 is the header (schema,
session id, lesson identity, start time, coach version, mode); every further
line is one engine event (``event_to_dict`` output) plus a ``"wall"`` ISO-8601
timestamp added here. The store is generic over event dicts: it only knows the
``"type"`` key and, for summaries, ``SessionEnded`` / ``Paused`` / ``Resumed``.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from coach import __version__
from coach.errors import CoachError
from coach.journal import lock
from coach.paths import ensure_private_dir, fsync_dir, sessions_dir
from coach.text import one_line

SCHEMA = 1
"""The journal schema this coach writes and reads."""

SUFFIX = ".jsonl"

Mode = Literal["run", "present", "rehearse"]
Status = Literal["finished", "stopped", "interrupted", "unreadable"]
WallClock = Callable[[], datetime]

_FILE_MODE = 0o600
_CREATE_ATTEMPTS = 20


class JournalError(CoachError):
    """A journal could not be read; the message names the file (and line)."""


def local_now() -> datetime:
    """The current wall-clock time, timezone-aware, in the local zone."""
    return datetime.now().astimezone()


def wall_iso(moment: datetime, timespec: str = "milliseconds") -> str:
    """ISO-8601 with the local offset, e.g. ``2026-11-25T14:23:01.250+01:00``."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.isoformat(timespec=timespec)


def new_session_id(moment: datetime | None = None) -> str:
    """A sortable, unique-enough id: local start time plus 4 random hex digits.

    ``20261125-142301-ab12``. Uniqueness is finally guaranteed by ``O_EXCL``
    when the file is created (`JournalWriter.create` retries with a new id).
    """
    moment = moment or local_now()
    return f"{moment.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(2)}"


# --------------------------------------------------------------------------- header


@dataclass(frozen=True)
class Header:
    """Line 1 of a journal: which lesson, when, by which coach, in which mode."""

    session: str
    lesson_id: str
    lesson_version: str
    lesson_title: str
    started_wall: str
    mode: Mode = "run"
    lesson_path: str | None = None
    lesson_sha256: str | None = None
    coach: str = __version__
    schema: int = SCHEMA

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "session": self.session,
            "lesson_id": self.lesson_id,
            "lesson_version": self.lesson_version,
            "lesson_title": self.lesson_title,
            "lesson_path": self.lesson_path,
            "lesson_sha256": self.lesson_sha256,
            "started_wall": self.started_wall,
            "coach": self.coach,
            "mode": self.mode,
        }

    @property
    def started(self) -> datetime | None:
        return _parse_wall(self.started_wall)

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str) -> Header:
        """Validate a decoded header line; `where` is ``file:1`` for messages."""
        schema = data.get("schema")
        if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
            raise JournalError(f"{where}: not a coach journal header (no valid `schema`)")
        if schema > SCHEMA:
            raise JournalError(
                f"{where}: written by a newer coach (schema {schema}); "
                f"this coach reads schema {SCHEMA} — upgrade coach"
            )
        values: dict[str, Any] = {}
        for name in ("session", "lesson_id", "started_wall"):
            value = data.get(name)
            if not isinstance(value, str) or not value:
                raise JournalError(f"{where}: garbled journal header: `{name}` is missing")
            values[name] = value
        for name in ("lesson_version", "lesson_title", "coach"):
            value = data.get(name)
            values[name] = value if isinstance(value, str) else ""
        for name in ("lesson_path", "lesson_sha256"):
            value = data.get(name)
            values[name] = value if isinstance(value, str) else None
        mode = data.get("mode")
        values["mode"] = mode if mode in ("run", "present", "rehearse") else "run"
        return cls(schema=schema, **values)


def lesson_sha256(path: str | Path | None) -> str | None:
    """The SHA-256 of a lesson file, so an export can tell if the lesson changed."""
    if path is None:
        return None
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def new_header(
    *,
    lesson_id: str,
    lesson_title: str,
    lesson_version: str = "1",
    lesson_path: str | Path | None = None,
    mode: Mode = "run",
    started: datetime | None = None,
) -> Header:
    """The header for a session starting now (or at `started`)."""
    started = started or local_now()
    return Header(
        session=new_session_id(started),
        lesson_id=lesson_id,
        lesson_version=lesson_version,
        lesson_title=lesson_title,
        started_wall=wall_iso(started, "seconds"),
        mode=mode,
        lesson_path=str(lesson_path) if lesson_path is not None else None,
        lesson_sha256=lesson_sha256(lesson_path),
    )


def header_for_lesson(
    lesson: Any,
    lesson_path: str | Path | None,
    mode: Mode = "run",
    started: datetime | None = None,
) -> Header:
    """`new_header` from a `coach.lesson.model.Lesson` (duck-typed: id, title, version)."""
    return new_header(
        lesson_id=lesson.id,
        lesson_title=lesson.title,
        lesson_version=lesson.version,
        lesson_path=lesson_path,
        mode=mode,
        started=started,
    )


# --------------------------------------------------------------------------- encoding


def encode_line(data: dict[str, Any]) -> bytes:
    """One JSON object on one line. JSON escapes newlines inside strings, and
    UTF-8 never contains the byte 0x0A inside a character, so splitting the
    file on ``b"\\n"`` is exact. Raises `TypeError`/`ValueError` for data that
    is not plain JSON (a bug in the caller, never a disk problem)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text + "\n").encode("utf-8")


_CAUSES = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.ENOTDIR: "a folder on the way is a file",
    errno.EEXIST: "a file is in the way of the folder",
    errno.EIO: "input/output error",
    errno.ENOENT: "no such file or folder",
}


def describe_os_error(exc: OSError) -> str:
    """A short cause for a person: "disk full", not ``[Errno 28]``."""
    if exc.errno in _CAUSES:
        return _CAUSES[exc.errno]
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


# --------------------------------------------------------------------------- writer


class JournalWriter:
    """Appends one session's events; degrades to memory-only instead of failing.

    Create with `JournalWriter.create` (new session) or `JournalWriter.reopen`
    (resume). `events` always holds every event of the session, as stored
    (with ``"wall"``), whether or not the disk accepted them, so the session
    can always be exported. After the first failure the writer stops touching
    the file for good: a journal with a hole in it would replay wrongly.
    """

    def __init__(
        self,
        path: Path,
        header: Header,
        events: list[dict[str, Any]] | None = None,
        *,
        wall: WallClock = local_now,
        warnings: list[str] | None = None,
    ) -> None:
        self.path = path
        self.header = header
        self.events: list[dict[str, Any]] = list(events or [])
        self.warnings: list[str] = list(warnings or [])
        self.problem: str | None = None
        self._fd: int | None = None
        self._wall = wall

    # ---- opening

    @classmethod
    def create(
        cls,
        header: Header,
        directory: Path | None = None,
        *,
        wall: WallClock = local_now,
    ) -> JournalWriter:
        """Start a new journal for `header` in `directory` (default `sessions_dir()`).

        The file is created with ``O_EXCL``, so two coach processes can never
        share one: on a clash the id gets new random digits. The header line is
        written durably. Never raises for disk problems: check `saved`.
        """
        directory = directory if directory is not None else sessions_dir()
        writer = cls(directory / f"{header.session}{SUFFIX}", header, wall=wall)
        try:
            ensure_private_dir(directory)
        except OSError as exc:
            writer._fail(exc)
            return writer
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        for _attempt in range(_CREATE_ATTEMPTS):
            try:
                writer._fd = os.open(writer.path, flags, _FILE_MODE)
                lock.take(writer._fd, writer.path)
                break
            except FileExistsError:
                started = header.started or local_now()
                header = replace(header, session=new_session_id(started))
                writer.header = header
                writer.path = directory / f"{header.session}{SUFFIX}"
            except OSError as exc:
                writer._fail(exc)
                return writer
        else:  # pragma: no cover - 20 clashes of 16 random bits within one second
            writer._fail(FileExistsError(errno.EEXIST, "no free session id"))
            return writer
        writer._write(encode_line(header.to_dict()), durable=True)
        if writer.saved:
            fsync_dir(directory)
        return writer

    @classmethod
    def reopen(cls, path: str | Path, *, wall: WallClock = local_now) -> JournalWriter:
        """Open an existing journal to append to it (resume).

        Reads it first (raises `JournalError` if it cannot be read: there is
        nothing to resume). A torn last line left by a crash is cut off before
        appending, or the next event would be glued onto it and turn a
        harmless torn tail into a corrupt middle line; only bytes that were
        never a complete event are removed, nothing written whole is touched.
        If the file cannot be opened for writing, the writer starts in the
        not-saved state with the old events in memory. Raises
        `SessionLocked` while another process writes the session.
        """
        path = Path(path)
        journal = read_journal(path)
        writer = cls(path, journal.header, journal.events, wall=wall, warnings=journal.warnings)
        flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(path, flags)
        except OSError as exc:
            writer._fail(exc)
            return writer
        try:
            lock.take(fd, path)
        except lock.SessionLocked:
            os.close(fd)
            raise
        writer._fd = fd
        try:
            os.fchmod(fd, _FILE_MODE)
            if journal.valid_size < os.fstat(fd).st_size:
                os.ftruncate(fd, journal.valid_size)
                os.fsync(fd)
        except OSError as exc:
            writer._fail(exc)
        return writer

    # ---- writing

    @property
    def saved(self) -> bool:
        """True while every event so far is on disk (or in the page cache)."""
        return self.problem is None

    def append(self, event: dict[str, Any], durable: bool = True) -> dict[str, Any]:
        """Record one event dict, adding ``"wall"``; returns the stored dict.

        `durable` fsyncs (use it for everything a person caused; breath-phase
        ticks may skip it — a later durable write covers them too). Disk
        problems never raise: the writer switches to memory-only and sets
        `problem`. A dict that is not plain JSON raises `TypeError`/`ValueError`
        before anything is written or kept (that is a bug, not bad luck).
        """
        stored = dict(event)
        stored["wall"] = wall_iso(self._wall())
        line = encode_line(stored)
        self.events.append(stored)
        if self.saved:
            self._write(line, durable)
        return stored

    def sync(self) -> None:
        """Make every event so far durable (e.g. before the app exits)."""
        if self._fd is None or not self.saved:
            return
        try:
            os.fsync(self._fd)
        except OSError as exc:
            self._fail(exc)

    def close(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            if self.saved:
                os.fsync(fd)
        except OSError as exc:
            self._fail(exc)
        finally:
            os.close(fd)

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _write(self, line: bytes, durable: bool) -> None:
        if self._fd is None:
            return
        try:
            written = os.write(self._fd, line)
            if written != len(line):
                # A short write leaves a torn line; anything appended after it
                # would be corrupt, so stop here and let the reader drop it.
                raise OSError(errno.ENOSPC, "short write")
            if durable:
                os.fsync(self._fd)
        except OSError as exc:
            self._fail(exc)

    def _fail(self, exc: OSError) -> None:
        if self.problem is None:
            self.problem = (
                f"cannot write {self.path}: {describe_os_error(exc)} — "
                "this session is not being saved; export it before quitting"
            )
        if self._fd is not None:
            fd, self._fd = self._fd, None
            with contextlib.suppress(OSError):
                os.close(fd)


# --------------------------------------------------------------------------- reader


@dataclass
class Journal:
    """A journal as read back: header, the complete events, and any warnings."""

    path: Path
    header: Header
    events: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)
    valid_size: int = 0
    """Bytes up to the end of the last complete line (where appending resumes)."""


def read_journal(path: str | Path) -> Journal:
    """Read a journal. Raises `JournalError` (never a traceback) for a missing
    or garbled header, a newer schema, or a corrupt line before the last one.

    A torn last line — no trailing newline, or not valid JSON — is what a
    kill -9 (or power loss) mid-write leaves; it is reported once in
    `warnings` and ignored.

    A resume reads every line before the first frame, so the lines between
    the header and the last one are parsed in one go (`_bulk`): one
    `json.loads` for the whole stretch costs half of one per line. The header
    and the last line, where journals go wrong, are read on their own; and if
    the stretch is not plainly one event per line, `_by_line` reads the file
    line by line, which names the first bad line.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise JournalError(f"cannot read {path}: {describe_os_error(exc)}") from None
    if not data:
        raise JournalError(f"{path}: empty journal (no header); coach stopped as it began")

    complete_tail = data.endswith(b"\n")
    end = len(data) - 1 if complete_tail else len(data)  # where the last line ends
    first_end = data.find(b"\n", 0, end)  # the header's newline
    if first_end < 0:  # the header is the only line
        return _by_line(path, data)
    last_start = data.rfind(b"\n", 0, end) + 1
    middle = _bulk(data[first_end + 1 : last_start - 1]) if last_start > first_end + 1 else []
    if middle is None:
        return _by_line(path, data)

    warnings: list[str] = []
    records: list[dict[str, Any]] = []
    _accept(path, 1, data[:first_end], False, complete_tail, records, warnings)
    records += middle
    valid_size = last_start
    last = len(records) + 1  # the last line's number
    if _accept(path, last, data[last_start:end], True, complete_tail, records, warnings):
        valid_size = len(data)
    header = Header.from_dict(records[0], f"{path}:1")
    return Journal(
        path=path, header=header, events=records[1:], warnings=warnings, valid_size=valid_size
    )


def _by_line(path: Path, data: bytes) -> Journal:
    """`read_journal` one line at a time (the plain way, which stops at a bad line)."""
    pieces = data.split(b"\n")
    # After a final newline, split leaves one empty piece: drop it.
    complete_tail = pieces[-1] == b""
    if complete_tail:
        pieces.pop()
    last = len(pieces)  # 1-based number of the last line

    warnings: list[str] = []
    records: list[dict[str, Any]] = []
    valid_size = 0
    for lineno, raw in enumerate(pieces, start=1):
        if not _accept(path, lineno, raw, lineno == last, complete_tail, records, warnings):
            break
        valid_size += len(raw) + 1
    header = Header.from_dict(records[0], f"{path}:1")
    return Journal(
        path=path, header=header, events=records[1:], warnings=warnings, valid_size=valid_size
    )


def _accept(
    path: Path,
    lineno: int,
    raw: bytes,
    is_last: bool,
    complete_tail: bool,
    records: list[dict[str, Any]],
    warnings: list[str],
) -> bool:
    """Decode line `lineno` onto `records`; False for a bad last line (warned, ignored).

    Raises `JournalError` for a bad header or a bad line before the last.
    `complete_tail`: the file ends with a newline (else its last line is torn).
    """
    torn = is_last and not complete_tail
    record, reason = (None, "incomplete line") if torn else _decode(raw)
    if record is None:
        if lineno == 1:
            raise JournalError(_garbled_header(path, reason, torn))
        if is_last:
            warnings.append(
                f"{path}:{lineno}: the last line is incomplete ({reason}) — "
                "coach stopped while writing it; it was ignored"
            )
            return False
        raise JournalError(f"{path}:{lineno}: corrupt journal line: {reason}")
    if lineno > 1 and not isinstance(record.get("type"), str):
        if is_last:
            warnings.append(f"{path}:{lineno}: the last line is not an event; it was ignored")
            return False
        raise JournalError(f"{path}:{lineno}: corrupt journal line: no event `type`")
    records.append(record)
    return True


_NOT_AN_OBJECT_LINE = re.compile(b"\n[^{]")  # a line that does not start with "{"


def _bulk(stretch: bytes) -> list[dict[str, Any]] | None:
    """The events on the lines of `stretch` (no final newline), or None if in doubt.

    One `json.loads` of ``[line,\\nline,\\n...]``: the same records as one
    `json.loads` per line, as long as every line is one JSON value. That
    holds when, as here, the whole parses to one value per line, every line
    starts with ``{`` and every line with a ``[`` in it parses on its own:
    the newline kept after each comma cannot be inside a string (JSON
    forbids it there), the ``{`` after it cannot follow a comma inside an
    object (a key must), and an array that runs on into the next line must
    open on a line with a ``[``. Every record needs a ``"type"`` too. Any
    doubt, even a harmless oddity (a blank line, a leading space), is None:
    `_by_line` then gives the exact answer or error.
    """
    # The checks, the commas and the decoding all on the bytes (one pass each).
    if not stretch.startswith(b"{") or _NOT_AN_OBJECT_LINE.search(stretch):
        return None
    try:
        records = json.loads((b"[" + stretch.replace(b"\n", b",\n") + b"]").decode("utf-8"))
    except ValueError:  # UnicodeDecodeError is one too
        return None
    if len(records) != stretch.count(b"\n") + 1:
        return None
    at = stretch.find(b"[")
    while at >= 0:  # rare: a note or a review with a bracket in it
        start = stretch.rfind(b"\n", 0, at) + 1
        end = stretch.find(b"\n", at)
        end = len(stretch) if end < 0 else end
        try:
            json.loads(stretch[start:end].decode("utf-8"))
        except ValueError:
            return None
        at = stretch.find(b"[", end)
    for record in records:
        if not isinstance(record.get("type"), str):
            return None
    return records


def _decode(raw: bytes) -> tuple[dict[str, Any] | None, str]:
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    except ValueError as exc:
        return None, f"invalid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(value, dict):
        return None, "not a JSON object"
    return value, ""


def _garbled_header(path: Path, reason: str, torn: bool) -> str:
    if torn:
        return f"{path}:1: garbled journal header (incomplete; coach stopped as it began)"
    return f"{path}:1: garbled journal header: {reason}"


# --------------------------------------------------------------------------- sessions


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
    """Why it is unreadable, or the end message of a stopped session."""
    warnings: tuple[str, ...] = ()

    @property
    def active_minutes(self) -> float:
        return self.active_seconds / 60.0

    @property
    def started(self) -> datetime | None:
        return _parse_wall(self.started_wall) or _parse_id(self.id)


_END_STATUS: dict[str, Status] = {
    "finished": "finished",
    "stopped": "stopped",
    "checkin": "stopped",
}


def session_status(events: list[dict[str, Any]]) -> tuple[Status, str]:
    """finished / stopped / interrupted, from the last ``SessionEnded`` event."""
    for event in reversed(events):
        if event.get("type") == "SessionEnded":
            reason = str(event.get("reason", ""))
            message = event.get("message")
            text = one_line(message) if isinstance(message, str) else ""
            return _END_STATUS.get(reason, "stopped"), text
    return "interrupted", ""


def active_seconds(events: list[dict[str, Any]]) -> float:
    """Session seconds spent neither paused nor stopped, up to the end.

    Works on plain dicts (no lesson needed) so `list_sessions` stays fast, and
    follows the engine's rules: a pause (``Paused``) or a STOP (``Stopped``)
    lasts until ``Resumed`` or ``SessionEnded``; what is typed after the end
    (a late note, the review) does not count. The time the app was not running
    is not in ``t`` at all (a resumed session's clock carries on from there).
    """
    started: float | None = None
    last_t = 0.0
    paused = 0.0
    paused_at: float | None = None
    for event in events:
        t = event.get("t")
        if not isinstance(t, int | float) or isinstance(t, bool):
            continue
        t = float(t)
        kind = event.get("type")
        if started is None:
            started = t
        last_t = max(last_t, t)
        if kind in ("Paused", "Stopped") and paused_at is None:
            paused_at = t
        elif kind in ("Resumed", "SessionEnded") and paused_at is not None:
            paused += max(0.0, t - paused_at)
            paused_at = None
        if kind == "SessionEnded":
            break
    if paused_at is not None:
        paused += max(0.0, last_t - paused_at)
    return max(0.0, last_t - (started or 0.0) - paused)


def summarize(path: str | Path) -> SessionSummary:
    """Summarise one journal; an unreadable one becomes status ``unreadable``."""
    path = Path(path)
    try:
        journal = read_journal(path)
    except JournalError as exc:
        return SessionSummary(id=path.stem, path=path, status="unreadable", reason=str(exc))
    status, reason = session_status(journal.events)
    header = journal.header
    return SessionSummary(
        id=header.session,
        path=path,
        status=status,
        lesson_id=header.lesson_id,
        lesson_title=header.lesson_title,
        started_wall=header.started_wall,
        mode=header.mode,
        active_seconds=active_seconds(journal.events),
        events=len(journal.events),
        reason=reason,
        warnings=tuple(journal.warnings),
    )


def journal_paths(directory: Path | None = None) -> Iterator[Path]:
    directory = directory if directory is not None else sessions_dir()
    try:
        entries = list(directory.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        raise JournalError(f"cannot list {directory}: {describe_os_error(exc)}") from None
    for entry in entries:
        if entry.suffix == SUFFIX and not entry.name.startswith("."):
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
    """The session whose id starts with `prefix`; clear errors otherwise."""
    prefix = prefix.strip()
    if not prefix:
        raise JournalError("give a session id (or the start of one); `coach sessions` lists them")
    sessions = list_sessions(directory)
    exact = [s for s in sessions if s.id == prefix]
    if exact:
        return exact[0]
    matches = [s for s in sessions if s.id.startswith(prefix)]
    if not matches:
        raise JournalError(
            f"no session id starts with {one_line(prefix)!r}; `coach sessions` lists them"
        )
    if len(matches) > 1:
        shown = ", ".join(s.id for s in matches[:5])
        more = f" and {len(matches) - 5} more" if len(matches) > 5 else ""
        raise JournalError(
            f"{one_line(prefix)!r} matches {len(matches)} sessions ({shown}{more}); "
            "type more of the id"
        )
    return matches[0]


def _parse_wall(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.astimezone()


def _parse_id(session_id: str) -> datetime | None:
    try:
        return datetime.strptime(session_id[:15], "%Y%m%d-%H%M%S").astimezone()
    except ValueError:
        return None


def _newest_first_key(summary: SessionSummary) -> tuple[float, str]:
    started = summary.started
    if started is None:
        try:
            return summary.path.stat().st_mtime, summary.id
        except OSError:
            return 0.0, summary.id
    return started.timestamp(), summary.id
