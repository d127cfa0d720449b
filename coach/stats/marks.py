"""Each journal's skipped and badly rated steps, remembered between `coach stats` runs.

Counting skips means reading every event of every lesson run; after a year
of daily practice that is the largest part of opening the stats. A journal
that has not changed (same size, same modification time) has the same
skips, so they are kept in ``cache_dir()/stats-marks.json`` and a journal is
read again only when it is new or has grown. The file is a cache: anything
wrong with it (missing, corrupt, another version) just means reading the
journals again, and it is rewritten (private, atomically) when it changed.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from coach import paths

VERSION = 1
FILE_NAME = "stats-marks.json"
MAX_BYTES = 32 * 1024 * 1024
Marks = tuple[tuple[str, ...], tuple[str, ...]]  # (skipped step ids, rated-bad step ids)


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


class MarksCache:
    """journal file name -> (size, mtime_ns, marks), loaded once and saved if changed."""

    def __init__(self, directory: Path | None = None) -> None:
        self.path = (directory if directory is not None else paths.cache_dir()) / FILE_NAME
        self.entries: dict[str, tuple[int, int, Marks]] = {}
        self.changed = False
        with contextlib.suppress(OSError, ValueError, RecursionError):
            if self.path.stat().st_size <= MAX_BYTES:
                self._load(json.loads(self.path.read_bytes()))

    def _load(self, data: Any) -> None:
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return
        journals = data.get("journals")
        if not isinstance(journals, dict):
            return
        for name, item in journals.items():
            if not isinstance(item, list) or len(item) != 4:
                continue
            size, mtime, skipped, bad = item
            skipped, bad = _strings(skipped), _strings(bad)
            if type(size) is int and type(mtime) is int and skipped is not None and bad is not None:
                self.entries[name] = (size, mtime, (skipped, bad))

    @staticmethod
    def _stamp(journal: Path) -> tuple[int, int] | None:
        try:
            info = journal.stat()
        except OSError:
            return None
        return info.st_size, info.st_mtime_ns

    def get(self, journal: Path) -> Marks | None:
        entry = self.entries.get(journal.name)
        if entry is None or self._stamp(journal) != entry[:2]:
            return None
        return entry[2]

    def put(self, journal: Path, marks: Marks) -> None:
        stamp = self._stamp(journal)
        if stamp is not None:
            self.entries[journal.name] = (*stamp, marks)
            self.changed = True

    def save(self, keep: set[str]) -> None:
        """Write the entries of the journals in `keep` (best effort: it is only a cache)."""
        if not self.changed and keep >= set(self.entries):
            return
        data = {
            "version": VERSION,
            "journals": {
                name: [size, mtime, list(marks[0]), list(marks[1])]
                for name, (size, mtime, marks) in sorted(self.entries.items())
                if name in keep
            },
        }
        tmp: str | None = None
        try:
            paths.ensure_private_dir(self.path.parent)
            fd, tmp = tempfile.mkstemp(prefix=".stats-marks.", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(json.dumps(data, separators=(",", ":")).encode("utf-8"))
            os.replace(tmp, self.path)
            tmp = None
        except OSError:
            pass
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
