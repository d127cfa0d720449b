"""Gather what `coach stats` folds: the journals and the drill memory, read only.

Sessions come from the journal's public readers (`summarize` for each
journal, `read_journal` for the skips and bad ratings of lesson runs), each
journal's record remembered by `coach.stats.marks` until the journal
changes; drill reviews come from the drill memory, which is only read here (a
corrupt file is reported and left for `coach rehearse` to set aside). Lesson
and step titles come from the lessons that can still be found; a lesson that
is gone is shown by its id."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coach.drill.store import peek_memory
from coach.errors import CoachError
from coach.journal import JournalError, read_journal
from coach.journal.sessions import SessionSummary, journal_paths, summarize
from coach.lesson.model import Lesson
from coach.stats.fold import SessionRecord, Stats, fold_stats
from coach.stats.marks import Marks, MarksCache


def _marks(events: list[dict[str, Any]]) -> Marks:
    skipped: list[str] = []
    bad: list[str] = []
    for event in events:
        kind = event.get("type")
        step = event.get("step_id")
        if not isinstance(step, str):
            continue
        if kind == "StepLeft" and event.get("reason") == "skip":
            skipped.append(step)
        elif kind == "Rated" and event.get("rating") == "bad":
            bad.append(step)
    return tuple(skipped), tuple(bad)


def session_records(
    directory: Path | None = None, cache_dir: Path | None = None
) -> tuple[list[SessionRecord], list[str]]:
    """One record per readable journal; a line for the ones that could not be read.

    A journal unchanged since the last run gives its remembered record; only new
    or grown journals are read and folded (`summarize`, the sessions list's fold).
    """
    records: list[SessionRecord] = []
    unreadable = 0
    cache = MarksCache(cache_dir)
    names: set[str] = set()
    for path in journal_paths(directory):
        record = cache.get(path)
        if record is None:
            record = _record(summarize(path))
            if record is None:
                unreadable += 1
                continue
            cache.put(path, record)
        names.add(path.name)
        records.append(record)
    cache.save(names)
    if not unreadable:
        return records, []
    return records, [f"{unreadable} journal(s) could not be read; see `coach sessions`"]


def _record(summary: SessionSummary) -> SessionRecord | None:
    """What stats needs of one summarised journal (None if it could not be read)."""
    started = summary.started
    if summary.status == "unreadable" or started is None:
        return None
    marks: Marks = ((), ())
    if summary.mode != "rehearse":
        with contextlib.suppress(JournalError):
            marks = _marks(read_journal(summary.path).events)
    return SessionRecord(
        lesson_id=summary.lesson_id,
        lesson_title=summary.lesson_title,
        mode=summary.mode,
        day=started.astimezone().date(),
        minutes=summary.active_minutes,
        skipped=marks[0],
        rated_bad=marks[1],
    )


class LessonTitles:
    """Lesson and step titles by id, from the lessons that can be found (looked up once)."""

    def __init__(self) -> None:
        self._lessons: dict[str, Lesson | None] = {}

    def lesson(self, lesson_id: str) -> Lesson | None:
        if lesson_id not in self._lessons:
            from coach.lesson.catalog import resolve

            try:
                self._lessons[lesson_id] = resolve(lesson_id)[0]
            except (CoachError, OSError, ValueError):
                self._lessons[lesson_id] = None
        return self._lessons[lesson_id]

    def step(self, lesson_id: str, step_id: str) -> str:
        lesson = self.lesson(lesson_id)
        if lesson is not None:
            for flat in lesson.flat_steps():
                if flat.id == step_id:
                    return flat.step.title
        return step_id


def load_stats(
    now: datetime | None = None,
    *,
    sessions_dir: Path | None = None,
    memory_dir: Path | None = None,
) -> tuple[Stats, list[str]]:
    """The person's `Stats` at `now` (default: the wall clock), and notes to show."""
    now = now or datetime.now(UTC)
    records, notes = session_records(sessions_dir)
    memory, memory_notes = peek_memory(memory_dir)
    titles = LessonTitles()
    lesson_titles = {r.lesson_id: r.lesson_title for r in records if r.lesson_title}
    for lesson_id in memory.lessons():
        if lesson_id not in lesson_titles and (lesson := titles.lesson(lesson_id)) is not None:
            lesson_titles[lesson_id] = lesson.title
    stats = fold_stats(records, memory, now, lesson_titles=lesson_titles, titles=titles.step)
    return stats, notes + memory_notes
