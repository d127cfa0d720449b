"""What `coach stats` needs of each journal, remembered between runs.

A journal's record (lesson, mode, day, active minutes, skipped and badly
rated steps) comes from reading and folding every event of it; after a year of
daily practice that is almost all of opening the stats. A journal that has not
changed (same size, same modification time) has the same record, so records
are kept in ``cache_dir()/stats-marks.json`` and a journal is read again only
when it is new or has grown. The file is a cache: anything
wrong with it (missing, corrupt, another version) just means reading the
journals again, and it is rewritten (private, atomically) when it changed.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from coach import paths
from coach.stats.fold import SessionRecord

VERSION = 2
FILE_NAME = "stats-marks.json"
MAX_BYTES = 32 * 1024 * 1024
Marks = tuple[tuple[str, ...], tuple[str, ...]]  # (skipped step ids, rated-bad step ids)
_TEXT_FIELDS = ("lesson_id", "lesson_title", "mode")


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


class MarksCache:
    """journal file name -> (size, mtime_ns, record), loaded once and saved if changed."""

    def __init__(self, directory: Path | None = None) -> None:
        self.path = (directory if directory is not None else paths.cache_dir()) / FILE_NAME
        self.entries: dict[str, tuple[int, int, SessionRecord]] = {}
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
            if isinstance(item, list) and len(item) == 3:
                size, mtime, fields = item
                record = _record(fields)
                if type(size) is int and type(mtime) is int and record is not None:
                    self.entries[name] = (size, mtime, record)

    @staticmethod
    def _stamp(journal: Path) -> tuple[int, int] | None:
        try:
            info = journal.stat()
        except OSError:
            return None
        return info.st_size, info.st_mtime_ns

    def get(self, journal: Path) -> SessionRecord | None:
        entry = self.entries.get(journal.name)
        if entry is None or self._stamp(journal) != entry[:2]:
            return None
        return entry[2]

    def put(self, journal: Path, record: SessionRecord) -> None:
        stamp = self._stamp(journal)
        if stamp is not None:
            self.entries[journal.name] = (*stamp, record)
            self.changed = True

    def save(self, keep: set[str]) -> None:
        """Write the entries of the journals in `keep` (best effort: it is only a cache)."""
        if not self.changed and keep >= set(self.entries):
            return
        data = {
            "version": VERSION,
            "journals": {
                name: [size, mtime, _fields(record)]
                for name, (size, mtime, record) in sorted(self.entries.items())
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


def _fields(record: SessionRecord) -> dict[str, Any]:
    return {
        **{name: getattr(record, name) for name in _TEXT_FIELDS},
        "day": record.day.isoformat(),
        "minutes": record.minutes,
        "skipped": list(record.skipped),
        "rated_bad": list(record.rated_bad),
    }


def _record(fields: Any) -> SessionRecord | None:
    """The record stored as `fields`, or None for anything not exactly that shape."""
    if not isinstance(fields, dict) or not all(
        isinstance(fields.get(name), str) for name in (*_TEXT_FIELDS, "day")
    ):
        return None
    skipped, bad = _strings(fields.get("skipped")), _strings(fields.get("rated_bad"))
    minutes = fields.get("minutes")
    if skipped is None or bad is None or type(minutes) not in (int, float):
        return None
    try:
        day = date.fromisoformat(fields["day"])
    except ValueError:
        return None
    return SessionRecord(
        lesson_id=fields["lesson_id"],
        lesson_title=fields["lesson_title"],
        mode=fields["mode"],
        day=day,
        minutes=float(minutes),
        skipped=skipped,
        rated_bad=bad,
    )
