"""Find lessons: the bundled ones and the person's own folder.

A lesson is named by its `id` (as in `coach run tour`) or by a path. Only
`*.yaml` / `*.yml` files directly in a lessons folder are lessons; fragments
for `include:` live in sub-folders (e.g. `lessons/parts/`). A file that does
not load is listed as broken with its first problem; it never hides the others.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from coach import paths
from coach.errors import CoachError, LessonError
from coach.lesson.loader import load_lesson
from coach.lesson.model import Lesson

DEFAULT_LESSON_ID = "tour"


class Entry(NamedTuple):
    """One lesson file found in a folder, loaded or with its problems."""

    path: Path
    source: str  # "bundled" or "yours"
    lesson: Lesson | None
    error: LessonError | None
    problem: str | None = None  # the first problem, on one line, when the lesson is broken

    @property
    def id(self) -> str:
        return self.lesson.id if self.lesson else self.path.stem


def lesson_files(folder: Path) -> list[Path]:
    """The lesson files directly in `folder` (anything named `*.yaml` but a folder).

    A pipe or a device with a lesson's name is listed too, and then reported
    broken by the loader, rather than silently left out.
    """
    try:
        found = [p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.is_dir()]
    except OSError:
        return []
    return sorted(found)


def _entries(folder: Path, source: str) -> list[Entry]:
    found: list[Entry] = []
    for path in lesson_files(folder):
        try:
            found.append(Entry(path, source, load_lesson(path), None))
        except LessonError as exc:
            first = str(exc.problems[0]) if exc.problems else "cannot be read"
            found.append(Entry(path, source, None, exc, first))
    return found


def catalog() -> list[Entry]:
    """Bundled lessons first, then the person's own."""
    return _entries(paths.bundled_lessons_dir(), "bundled") + _entries(
        paths.user_lessons_dir(), "yours"
    )


def resolve(name: str) -> tuple[Lesson, Path]:
    """A lesson by id or by path. Raises `CoachError` with a helpful message."""
    candidate = Path(name).expanduser()
    if candidate.suffix in (".yaml", ".yml") or candidate.exists() or "/" in name:
        return load_lesson(candidate), candidate
    # Lessons are usually named after their id: try that file before loading them all.
    for folder in (paths.bundled_lessons_dir(), paths.user_lessons_dir()):
        for suffix in (".yaml", ".yml"):
            path = folder / f"{name}{suffix}"
            if path.is_file():
                try:
                    lesson = load_lesson(path)
                except LessonError:
                    continue  # reported below, with the others, if nothing else matches
                if lesson.id == name:
                    return lesson, path
    entries = catalog()
    for entry in entries:
        if entry.lesson and entry.lesson.id == name:
            return entry.lesson, entry.path
    for entry in entries:
        if entry.lesson is None and entry.path.stem == name and entry.error:
            raise entry.error
    known = ", ".join(sorted(e.id for e in entries if e.lesson)) or "none"
    raise CoachError(f"no lesson with id `{name}`; known lessons: {known}")


def shown(path: Path) -> str:
    from coach.lesson.loader import display_path

    return display_path(path)
