"""Exports on disk: a report rendered to Markdown or JSON, written privately and atomically.

Exports are as intimate as the journal: written 0600 through a temporary file
beside the target, so a full disk never leaves half an export where a whole
one was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from coach.engine import CompiledLesson
from coach.errors import CoachError
from coach.journal.header import Header, describe_os_error
from coach.journal.reader import Journal, read_journal
from coach.lesson.model import Lesson
from coach.report.fold import fold
from coach.report.json import render_json
from coach.report.markdown import render_markdown


class ExportError(CoachError):
    """An export could not be written."""


def to_markdown(
    lesson: Lesson | CompiledLesson | None,
    header: Header | Mapping[str, Any],
    records: Sequence[Mapping[str, Any]],
    warnings: Iterable[str] = (),
) -> str:
    return render_markdown(fold(lesson, header, records, warnings))


def to_json(
    lesson: Lesson | CompiledLesson | None,
    header: Header | Mapping[str, Any],
    records: Sequence[Mapping[str, Any]],
    warnings: Iterable[str] = (),
) -> str:
    return render_json(fold(lesson, header, records, warnings))


def export_journal(journal: Journal, lesson: Lesson | None, fmt: str = "markdown") -> str:
    """Markdown (or with ``fmt="json"``, JSON) of a read journal, with its read warnings."""
    render = to_json if fmt == "json" else to_markdown
    return render(lesson, journal.header, journal.events, journal.warnings)


def export_file(path: str | Path, lesson: Lesson | None, fmt: str = "markdown") -> str:
    """Read the journal at `path` and export it (raises `JournalError` if unreadable)."""
    return export_journal(read_journal(path), lesson, fmt)


def write_private(path: str | Path, text: str) -> Path:
    """Write `text` to `path`, owner-only (0600), replacing it atomically.

    The text goes to a hidden temporary file beside `path` first, so a full
    disk never leaves half an export where a whole one was.
    """
    path = Path(path)
    if not path.name or path.name in (".", ".."):
        raise ExportError(f"cannot write {str(path)!r}: give a file name")
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {describe_os_error(exc)}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise ExportError(f"cannot write {path}: not a regular file (exports replace only files)")
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {describe_os_error(exc)}") from None
    try:
        try:
            data = text.encode("utf-8")
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fchmod(fd, 0o600)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ExportError(f"cannot write {path}: {describe_os_error(exc)}") from None
    return path
