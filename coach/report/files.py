"""Exports: a journal's report rendered to Markdown or JSON.

Writing them is `coach.files.write_private_atomic` (0600, through a temporary
file beside the target, only to a new path or a regular file), the one writer
of every file a person names or keeps.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from coach.engine.compiled import CompiledLesson
from coach.errors import CoachError
from coach.journal.header import Header
from coach.journal.reader import Journal, read_journal
from coach.lesson.model import Lesson
from coach.report.fold import fold
from coach.report.json import render_json
from coach.report.markdown import render_markdown


class ExportError(CoachError):
    """An export could not be made (its folder, or the session's own id, is not usable)."""


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
