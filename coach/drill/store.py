"""What the drills of a lesson remember: which steps were weak last time.

One small JSON file per lesson, ``data_dir()/drills/<lesson-id>.json``. It is
a convenience, not a record (the rehearse journals are the record), so it
must never get in the way:

- **Private.** 0600 in a 0700 folder, like the journals.
- **Atomic.** Written to a temporary file in the same folder, fsync'ed, then
  renamed over the old one: a crash leaves the old memory or the new, never
  half of one.
- **Forgiving.** A missing file is an empty memory; a corrupt one (bad JSON,
  wrong shape, a newer schema) is an empty memory plus a warning, never a
  crash. Saving problems come back as a message, never an exception.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach import paths
from coach.drill.model import GRADES, WEAK, Grade
from coach.journal.store import describe_os_error, local_now, wall_iso
from coach.lesson.model import is_valid_id

SCHEMA = 1


def drills_dir() -> Path:
    return paths.data_dir() / "drills"


@dataclass(frozen=True)
class StepMemory:
    last: Grade
    wall: str
    counts: tuple[int, int, int] = (0, 0, 0)  # knew, partly, missed over all drills


@dataclass(frozen=True)
class Memory:
    lesson_id: str
    steps: dict[str, StepMemory] = field(default_factory=dict)

    def weak(self) -> dict[str, Grade]:
        """step id -> last grade, for the steps whose last grade was partly or missed."""
        return {sid: m.last for sid, m in self.steps.items() if m.last in WEAK}

    def updated(self, grades: Iterable[tuple[str, Grade]], wall: str | None = None) -> Memory:
        """This memory after a drill that gave `grades` (the latest grade of a step wins)."""
        wall = wall or wall_iso(local_now(), "seconds")
        steps = dict(self.steps)
        for sid, grade in grades:
            old = steps.get(sid)
            counts = list(old.counts) if old else [0, 0, 0]
            counts[GRADES.index(grade)] += 1
            steps[sid] = StepMemory(grade, wall, (counts[0], counts[1], counts[2]))
        return Memory(self.lesson_id, steps)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "lesson_id": self.lesson_id,
            "steps": {
                sid: {
                    "last": m.last,
                    "wall": m.wall,
                    "counts": dict(zip(GRADES, m.counts, strict=True)),
                }
                for sid, m in sorted(self.steps.items())
            },
        }


def memory_path(lesson_id: str, directory: Path | None = None) -> Path:
    if not is_valid_id(lesson_id):  # ids are checked at load; a path separator never gets here
        raise ValueError(f"not a lesson id: {lesson_id!r}")
    return (directory if directory is not None else drills_dir()) / f"{lesson_id}.json"


def _parse(data: Any, lesson_id: str) -> Memory:
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    schema = data.get("schema")
    if schema != SCHEMA:
        raise ValueError(f"unknown schema {schema!r}")
    if data.get("lesson_id") != lesson_id:
        raise ValueError(f"it is for lesson {data.get('lesson_id')!r}")
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, dict):
        raise ValueError("no `steps` object")
    steps: dict[str, StepMemory] = {}
    for sid, item in raw_steps.items():
        if not isinstance(item, dict) or item.get("last") not in GRADES:
            raise ValueError(f"step {sid!r} has no valid `last` grade")
        raw_counts = item.get("counts") if isinstance(item.get("counts"), dict) else {}
        counts = tuple(
            int(n) if isinstance(n := raw_counts.get(g, 0), int) and n >= 0 else 0 for g in GRADES
        )
        wall = item.get("wall") if isinstance(item.get("wall"), str) else ""
        steps[str(sid)] = StepMemory(item["last"], wall, (counts[0], counts[1], counts[2]))
    return Memory(lesson_id, steps)


def load_memory(lesson_id: str, directory: Path | None = None) -> tuple[Memory, list[str]]:
    """The lesson's drill memory, and warnings (a corrupt file means starting fresh)."""
    path = memory_path(lesson_id, directory)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Memory(lesson_id), []
    except OSError as exc:
        return Memory(lesson_id), [
            f"cannot read {path}: {describe_os_error(exc)}; starting this drill fresh"
        ]
    try:
        return _parse(json.loads(raw.decode("utf-8")), lesson_id), []
    except ValueError as exc:  # JSON, UTF-8 and shape errors alike
        return Memory(lesson_id), [
            f"{path}: unreadable drill memory ({exc}); starting fresh — "
            "it will be replaced when this drill ends"
        ]


def save_memory(memory: Memory, directory: Path | None = None) -> str | None:
    """Write `memory` atomically (0600); a message for a person if it failed, else None."""
    path = memory_path(memory.lesson_id, directory)
    text = json.dumps(memory.to_dict(), ensure_ascii=False, indent=2) + "\n"
    tmp: str | None = None
    try:
        paths.ensure_private_dir(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:  # mkstemp creates it 0600
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        tmp = None
        paths.fsync_dir(path.parent)
    except OSError as exc:
        return f"cannot save the drill memory {path}: {describe_os_error(exc)}"
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return None
