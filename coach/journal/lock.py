"""Who is writing a journal: an OS lock held by the live session's process.

A session is live exactly while the process that writes its journal is alive.
The writer takes an exclusive `flock` on the journal file and keeps the file
open for the whole session; the OS drops the lock when that process ends, even
by SIGKILL or a power cut, so a crash can never leave a session stuck as live.
Readers (`follow`, `serve`, `export`, `sessions`) never lock: they only ask.

The lock is advisory and per open file description (BSD `flock`), so it works
between processes on one machine; journals live in the user's private folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from coach.errors import CoachError


class SessionLocked(CoachError):
    """Another coach process is writing this session."""


def take(fd: int, path: Path) -> None:
    """Lock the open journal `fd` for writing, or raise `SessionLocked`."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise SessionLocked(
            f"{path.name}: this session is open in another coach (still running); "
            "close that one first, or use `coach follow` to watch it"
        ) from None


def is_live(path: str | Path) -> bool:
    """True while some process holds the writer's lock on the journal at `path`.

    Opens the file read-only and non-blocking (a FIFO planted in the folder
    cannot hang us), tries a shared lock and lets it go at once.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    else:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)
