"""Line 1 of every journal, and the pieces the writer and reader share.

A session's journal is ``sessions/<session-id>.jsonl``: line 1 is this header
(schema, session id, lesson identity, start time, coach version, mode); every
further line is one engine event plus a ``"wall"`` time. Names from a header
become parts of file names (the session id names the journal and its
exports), so they are checked against a strict pattern when read (`safe_name`):
a header saying ``../../tmp/x`` is a garbled header, never a path.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from coach import __version__
from coach.errors import CoachError

SCHEMA = 1
"""The journal schema this coach writes and reads."""

SUFFIX = ".jsonl"

Mode = Literal["run", "present", "rehearse"]
WallClock = Callable[[], datetime]

SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
"""Session and lesson ids: letters, digits, `_`, `.`, `-`; no path separators, no `..`."""


class JournalError(CoachError):
    """A journal could not be read; the message names the file (and line)."""


def safe_name(value: str) -> bool:
    """True if `value` may become part of a file name (a session or lesson id)."""
    return SAFE_NAME.fullmatch(value) is not None and ".." not in value


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
        return parse_wall(self.started_wall)

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
            if name != "started_wall" and not safe_name(value):
                raise JournalError(
                    f"{where}: garbled journal header: `{name}` is not a plain name "
                    "(letters, digits, `_`, `.`, `-`)"
                )
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
    """The SHA-256 of a lesson file, so an export can tell if the lesson changed.

    Only a regular file is hashed, at most `_HASH_LIMIT` bytes of it (a FIFO
    or a device named as the lesson would block or never end): None otherwise.
    """
    if path is None:
        return None
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError):  # ValueError: a NUL byte in the path
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        digest = hashlib.sha256()
        size = 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > _HASH_LIMIT:
                return None
            digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


_HASH_LIMIT = 64 * 1024 * 1024


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


def parse_wall(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.astimezone()
