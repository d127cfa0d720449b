"""Read a journal while another process is still writing it (`coach follow`).

A class mirrors the instructor's session by reading the instructor's journal,
so the tail must be exact and cheap:

- **Exact.** The writer appends one whole line per ``os.write``, but a reader
  can still see a line half-written (a large line, a slow disk, a crash). Only
  complete lines are decoded; a partial trailing line stays buffered until its
  newline arrives. A resumed journal may have had a torn tail cut off
  (``ftruncate``): the tail then re-reads from the start of that line.
- **Cheap.** A poll is one ``stat`` when nothing changed; otherwise it reads
  only the bytes added since the last poll, on a descriptor kept open.
- **Patient.** The file may not exist yet, or hold only its header: that is
  "nothing yet", not an error. A file replaced under the same name (a new
  inode) or shrunk below what was read starts the tail over; `generation`
  counts those restarts so a mirror knows to replay from scratch.

Only a garbled *header* raises (`JournalError`): that file is not a journal.
A garbled event line (a complete line that is not a JSON object with a
``"type"``) is skipped with a warning, as `read_journal` would refuse it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Any

from coach.journal.header import Header, JournalError
from coach.journal.reader import MAX_LINE_BYTES, decode_line

_CHUNK = 1 << 20  # read at most this much per poll; the rest comes next poll


class JournalTail:
    """New complete events of a growing journal, one `poll()` at a time."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.header: Header | None = None
        self.warnings: list[str] = []
        self.generation = 0
        """Incremented each time the tail starts over (file replaced or shrunk)."""
        self.lines = 0
        """Complete lines consumed so far (the header included)."""
        self.bytes_read = 0
        """Bytes read over the tail's life: a poll that finds nothing reads none."""
        self._fd: int | None = None
        self._ino: tuple[int, int] | None = None
        self._offset = 0  # bytes consumed from the file, partial line included
        self._partial = b""

    # ---- public

    @property
    def exists(self) -> bool:
        return self._ino is not None

    @property
    def offset(self) -> int:
        """Bytes up to the end of the last complete line read."""
        return self._offset - len(self._partial)

    def poll(self) -> list[dict[str, Any]]:
        """Events (dicts, with ``"wall"``) completed since the last poll.

        Never raises for a missing or growing file; raises `JournalError` if
        the first line is complete and is not a journal header.
        """
        try:
            st = os.lstat(self.path)
        except OSError:
            return []
        if not stat.S_ISREG(st.st_mode):  # a link, FIFO or device is never read
            return []
        ino = (st.st_dev, st.st_ino)
        if self._ino is not None and (ino != self._ino or st.st_size < self.offset):
            self._restart()
        if self._ino is None:
            self._ino = ino
        if st.st_size < self._offset:
            # A torn tail was cut off (resume): forget the partial, re-read that line.
            self._offset = self.offset
            self._partial = b""
        if st.st_size == self._offset:
            return []
        data = self._read(st.st_size - self._offset)
        if not data:
            return []
        self._offset += len(data)
        self.bytes_read += len(data)
        return self._consume(data)

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> JournalTail:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- internals

    def _restart(self) -> None:
        self.close()
        self._ino = None
        self._offset = 0
        self._partial = b""
        self.header = None
        self.lines = 0
        self.generation += 1

    def _read(self, wanted: int) -> bytes:
        if self._fd is None:
            try:
                flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
                self._fd = os.open(self.path, flags | getattr(os, "O_CLOEXEC", 0))
            except OSError:
                self._ino = None
                return b""
            fst = os.fstat(self._fd)
            if (fst.st_dev, fst.st_ino) != self._ino:
                # Replaced between stat and open: take the new one from its start.
                self._restart()
                return b""
        try:
            return os.pread(self._fd, min(wanted, _CHUNK), self._offset)
        except OSError:
            self.close()
            return b""

    def _consume(self, data: bytes) -> list[dict[str, Any]]:
        pieces = (self._partial + data).split(b"\n")
        self._partial = pieces.pop()  # b"" when the data ended with a newline
        if len(self._partial) > MAX_LINE_BYTES:  # no line of a journal is this long: drop it
            self.warnings.append(f"{self.path}: a line too long to be an event; it was skipped")
            self._partial = b""
        events: list[dict[str, Any]] = []
        for raw in pieces:
            self.lines += 1
            record = _decode(raw)
            if self.header is None:
                if record is None:
                    raise JournalError(f"{self.path}:1: garbled journal header")
                self.header = Header.from_dict(record, f"{self.path}:1")
                continue
            if record is None or not isinstance(record.get("type"), str):
                self.warnings.append(f"{self.path}:{self.lines}: not an event; it was skipped")
                continue
            events.append(record)
        return events


def _decode(raw: bytes) -> dict[str, Any] | None:
    return decode_line(raw)[0]
