"""Reading a journal back, whatever is in the file.

A journal is the one copy of a person's progress, and the sessions folder may
hold anything: a torn last line from a kill, a file from a newer coach, or a
crafted one (a line nested 100,000 deep, a number of 5,000 digits, a FIFO or a
link to /dev/zero). Every one of them ends as one `JournalError` line naming
the file and the line, in bounded time and memory:

- only a regular file is read (opened non-blocking, without following a
  link, then checked with `fstat`), and at most `MAX_JOURNAL_BYTES` of it;
- a line longer than `MAX_LINE_BYTES` or nested deeper than `MAX_DEPTH` is
  refused before `json.loads` sees it (a cheap scan of its brackets);
- a number too long for Python's int conversion is a bad line, not a traceback.

A torn last line (no newline, or not valid JSON) is what a kill -9 leaves: it
is reported once in `warnings` and ignored; `valid_size` says where appending
resumes.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.journal.header import Header, JournalError, describe_os_error

MAX_JOURNAL_BYTES = 64 * 1024 * 1024
"""A two-hour session is about 1 MB; anything past this is not a journal coach wrote."""
MAX_LINE_BYTES = 1024 * 1024
MAX_DEPTH = 16
"""Events are flat objects; a header and an event nest at most two deep."""

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(rb"[\[\]{}]")


@dataclass
class Journal:
    """A journal as read back: header, the complete events, and any warnings."""

    path: Path
    header: Header
    events: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)
    valid_size: int = 0
    """Bytes up to the end of the last complete line (where appending resumes)."""


def read_bytes(path: Path, limit: int = MAX_JOURNAL_BYTES) -> bytes:
    """The bytes of a regular file at `path` (no link, FIFO or device), at most `limit`."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if Path(path).is_symlink():
            message = f"{path}: a link, not a journal; coach reads only plain files"
            raise JournalError(message) from None
        raise JournalError(f"cannot read {path}: {describe_os_error(exc)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise JournalError(f"{path}: not a regular file; coach reads only plain files")
        if info.st_size > limit:
            raise JournalError(f"{path}: {info.st_size:,} bytes is too large for a journal")
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise JournalError(f"{path}: more than {limit:,} bytes is too large for a journal")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise JournalError(f"cannot read {path}: {describe_os_error(exc)}") from None
    finally:
        os.close(fd)


def read_journal(path: str | Path) -> Journal:
    """Read a journal. Raises `JournalError` (never a traceback) for a missing,
    special or oversized file, a garbled header, a newer schema, or a corrupt
    line before the last one."""
    path = Path(path)
    data = read_bytes(path)
    if not data:
        raise JournalError(f"{path}: empty journal (no header); coach stopped as it began")
    pieces = data.split(b"\n")
    complete_tail = pieces[-1] == b""
    if complete_tail:
        pieces.pop()
    last = len(pieces)
    warnings: list[str] = []
    records: list[dict[str, Any]] = []
    valid_size = 0
    for lineno, raw in enumerate(pieces, start=1):
        torn = lineno == last and not complete_tail
        record, reason = (None, "incomplete line") if torn else decode_line(raw)
        if record is not None and lineno > 1 and not isinstance(record.get("type"), str):
            record, reason = None, "not an event (no `type`)"
        if record is None:
            if lineno == 1:
                if torn:
                    raise JournalError(
                        f"{path}:1: garbled journal header (incomplete; coach stopped as it began)"
                    )
                raise JournalError(f"{path}:1: garbled journal header: {reason}")
            if lineno == last:
                warnings.append(
                    f"{path}:{lineno}: the last line is incomplete or garbled ({reason}) — "
                    "coach stopped while writing it; it was ignored"
                )
                break
            raise JournalError(f"{path}:{lineno}: corrupt journal line: {reason}")
        records.append(record)
        valid_size += len(raw) + 1
    header = Header.from_dict(records[0], f"{path}:1")
    return Journal(path, header, records[1:], warnings, valid_size)


def decode_line(raw: bytes) -> tuple[dict[str, Any] | None, str]:
    """One line as a JSON object, or None and the reason in a few words."""
    if len(raw) > MAX_LINE_BYTES:
        return None, f"a line of {len(raw):,} bytes is too long"
    depth = nesting(raw)
    if depth > MAX_DEPTH:
        return None, f"nested {depth} deep (at most {MAX_DEPTH})"
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON ({exc.msg} at column {exc.colno})"
    except (ValueError, RecursionError):  # e.g. an integer beyond Python's digit limit
        return None, "invalid JSON (a number too long to read)"
    if not isinstance(value, dict):
        return None, "not a JSON object"
    return value, ""


def nesting(raw: bytes) -> int:
    """How deep the brackets of a JSON line go, strings left out (a cheap upper bound)."""
    opened = raw.count(b"[") + raw.count(b"{")
    if opened <= MAX_DEPTH:  # the usual event: no deeper than its brackets
        return opened
    bare = _STRING.sub(b"", raw) if b'"' in raw else raw
    depth = deepest = 0
    for match in _BRACKET.finditer(bare):
        if match.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest
