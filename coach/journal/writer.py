"""Appending a session's events to its journal, so that nothing a person did is lost.

- **Private.** Session logs are intimate: folder 0700, files 0600, no network.
- **Crash-safe by construction.** Every event is one whole line written with a
  single ``os.write`` on an ``O_APPEND`` descriptor, so a kill -9 can at worst
  leave a torn *last* line, which the reader reports once and ignores.
  Events a person caused are fsync'ed before the app moves on.
- **Never fatal.** A full disk or an unwritable folder must not end a session in
  the middle of a hold: the writer then says plainly that the session is not
  being saved and never raises; the session keeps its events in memory
  (`coach.live`), so it can still be exported.
- **One writer.** The writer holds an OS lock on the journal (`coach.journal.lock`).
"""

from __future__ import annotations

import contextlib
import errno
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from coach.journal import lock
from coach.journal.header import (
    SUFFIX,
    Header,
    WallClock,
    describe_os_error,
    encode_line,
    local_now,
    new_session_id,
    wall_iso,
)
from coach.journal.reader import Journal, read_journal
from coach.paths import ensure_private_dir, fsync_dir, sessions_dir

_FILE_MODE = 0o600
_CREATE_ATTEMPTS = 20


class JournalWriter:
    """Appends one session's events; stops writing (never raising) instead of failing.

    Create with `JournalWriter.create` (new session) or `JournalWriter.reopen`
    (resume). It keeps no events: each is written and handed back, as stored
    (with ``"wall"``), to the caller, which keeps what it needs (a live
    session keeps its typed events and their wall times, half the memory of
    the dicts). After the first failure the writer stops touching the file
    for good: a journal with a hole in it would replay wrongly.
    """

    def __init__(
        self,
        path: Path,
        header: Header,
        *,
        wall: WallClock = local_now,
        warnings: list[str] | None = None,
    ) -> None:
        self.path = path
        self.header = header
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
    def reopen(
        cls, path: str | Path, *, wall: WallClock = local_now
    ) -> tuple[JournalWriter, Journal]:
        """Open an existing journal to append to it (resume); the writer and the journal read.

        Reads it first (raises `JournalError` if it cannot be read: there is
        nothing to resume). A torn last line left by a crash is cut off before
        appending, or the next event would be glued onto it and turn a
        harmless torn tail into a corrupt middle line; only bytes that were
        never a complete event are removed, nothing written whole is touched.
        If the file cannot be opened for writing, the writer starts in the
        not-saved state (the journal read is still returned). Raises
        `SessionLocked` while another process writes the session.
        """
        path = Path(path)
        journal = read_journal(path)
        writer = cls(path, journal.header, wall=wall, warnings=journal.warnings)
        flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(path, flags)
        except OSError as exc:
            writer._fail(exc)
            return writer, journal
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
        return writer, journal

    # ---- writing

    @property
    def saved(self) -> bool:
        """True while every event so far is on disk (or in the page cache)."""
        return self.problem is None

    def append(self, event: dict[str, Any], durable: bool = True) -> dict[str, Any]:
        """Write one event dict, adding ``"wall"``; returns the stored dict.

        `durable` fsyncs (use it for everything a person caused; breath-phase
        ticks may skip it — a later durable write covers them too). Disk
        problems never raise: the writer stops writing and sets `problem` (the
        caller still has the stored dict). A dict that is not plain JSON raises
        `TypeError`/`ValueError` before anything is written (that is a bug, not
        bad luck).
        """
        stored = dict(event)
        stored["wall"] = wall_iso(self._wall())
        line = encode_line(stored)
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
