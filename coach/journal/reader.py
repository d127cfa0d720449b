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


def _open_regular(path: Path) -> tuple[int, int]:
    """A descriptor on the regular file at `path` (no link, FIFO or device) and its size."""
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
    except OSError as exc:
        os.close(fd)
        raise JournalError(f"cannot read {path}: {describe_os_error(exc)}") from None
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise JournalError(f"{path}: not a regular file; coach reads only plain files")
    return fd, info.st_size


def read_bytes(path: Path, limit: int = MAX_JOURNAL_BYTES) -> bytes:
    """The bytes of a regular file at `path` (no link, FIFO or device), at most `limit`."""
    fd, size = _open_regular(path)
    try:
        if size > limit:
            raise JournalError(f"{path}: {size:,} bytes is too large for a journal")
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


@dataclass
class JournalEdges:
    """A journal's header and its last complete lines, read without the middle."""

    header: Header
    tail: list[dict[str, Any]]
    """The events (dicts) of the complete lines in the last `TAIL_BYTES`; garbled ones left out."""
    size: int
    problem: str | None = None
    """A garbled line in the tail before its last (`read_journal` would refuse the file)."""


TAIL_BYTES = 64 * 1024
HEAD_BYTES = 64 * 1024
"""A header line is a few hundred bytes; one past this is not a header coach wrote."""


def read_edges(path: str | Path, tail_bytes: int = TAIL_BYTES) -> JournalEdges:
    """The header line and the complete lines of the last `tail_bytes` of a journal.

    Reads at most `HEAD_BYTES + tail_bytes` whatever the file's size: for a
    listing that must stay quick with a huge or hostile journal in the folder.
    Raises `JournalError` as `read_journal` does for a special file or a garbled header.
    """
    path = Path(path)
    fd, size = _open_regular(path)
    try:
        head = os.pread(fd, min(size, HEAD_BYTES), 0)
        end = head.find(b"\n")
        if end < 0:
            problem = "incomplete" if size < HEAD_BYTES else f"no line end in {HEAD_BYTES:,} bytes"
            raise JournalError(f"{path}:1: garbled journal header ({problem})")
        record, reason = decode_line(head[:end])
        if record is None:
            raise JournalError(f"{path}:1: garbled journal header: {reason}")
        header = Header.from_dict(record, f"{path}:1")
        # From one byte before the tail, so a tail that begins on a line start keeps it.
        start = max(end, size - tail_bytes - 1)
        data = os.pread(fd, size - start, start) if size > start else b""
    except OSError as exc:
        raise JournalError(f"cannot read {path}: {describe_os_error(exc)}") from None
    finally:
        os.close(fd)
    first = data.find(b"\n")  # the end of the line the tail began in (the header's at least)
    pieces = data[first + 1 :].split(b"\n") if first >= 0 else [b""]
    pieces.pop()  # after the last newline: empty, or a line still being written
    tail = []
    problem = None
    for number, raw in enumerate(pieces, start=1):
        event, reason = decode_line(raw)
        if event is not None and not isinstance(event.get("type"), str):
            event, reason = None, "not an event (no `type`)"
        if event is not None:
            tail.append(event)
        elif number < len(pieces) and problem is None:  # a garbled last line is a torn one
            problem = f"{path}: corrupt journal line near the end: {reason}"
    return JournalEdges(header, tail, size, problem)


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
