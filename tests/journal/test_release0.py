"""Journals written by the release before the simpler core still resume and export the same.

`fixtures/release-0/` holds four journals made with that release (see
`fixtures/make_release0.py`) and their exports made then. Nothing in the
later issues changes a figure of these sessions, so the exports must match
byte for byte, and the interrupted one must resume where it stopped.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coach.engine.clock import FakeClock
from coach.journal.reader import read_journal
from coach.lesson import load_lesson
from coach.live import LiveSession, ResumeError
from coach.report.files import export_journal

FIXTURES = Path(__file__).parent / "fixtures" / "release-0"
# The bundled lessons as that release shipped them: the journals name their steps.
LESSONS = FIXTURES / "lessons"
NAMES = ["finished-tour", "guided-checkins-holds", "stopped-resumed", "interrupted"]


def lesson_of(name: str):
    return load_lesson(LESSONS / ("tour.yaml" if "tour" in name else "guided.yaml"))


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_an_old_journal_exports_as_it_did(name: str, fmt: str) -> None:
    journal = read_journal(FIXTURES / f"{name}.jsonl")
    golden = FIXTURES / f"{name}.{'md' if fmt == 'markdown' else 'json'}"
    assert export_journal(journal, lesson_of(name), fmt) == golden.read_text(encoding="utf-8")


def test_an_old_interrupted_journal_resumes_where_it_stopped(tmp_path: Path) -> None:
    path = tmp_path / "interrupted.jsonl"
    shutil.copy(FIXTURES / "interrupted.jsonl", path)
    session = LiveSession.resume(lesson_of("interrupted"), path, clock=FakeClock(1000.0))
    try:
        view = session.view()
        assert (view.step.id, view.step_number, view.status) == ("outside.3", 16, "running")  # type: ignore[union-attr]
        assert session.events[-1].message == "Resumed where you left off."  # type: ignore[attr-defined]
    finally:
        session.close()
    assert read_journal(path).events[-1]["type"] == "Recovered"


@pytest.mark.parametrize("name", ["finished-tour", "guided-checkins-holds", "stopped-resumed"])
def test_an_old_ended_journal_replays_but_does_not_resume(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.jsonl"
    shutil.copy(FIXTURES / f"{name}.jsonl", path)
    with pytest.raises(ResumeError, match="has already ended"):
        LiveSession.resume(lesson_of(name), path, clock=FakeClock(5000.0))


def test_sessions_lists_the_same_active_time_as_the_export(tmp_path: Path) -> None:
    import json

    from coach.journal.sessions import find_session, list_sessions
    from coach.timefmt import duration

    for name in NAMES:
        journal = read_journal(FIXTURES / f"{name}.jsonl")
        shutil.copy(FIXTURES / f"{name}.jsonl", tmp_path / f"{journal.header.session}.jsonl")
    listed = {s.id: s for s in list_sessions(tmp_path)}
    assert len(listed) == 4
    for name in NAMES:
        exported = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
        summary = listed[exported["session"]["id"]]
        assert summary.status == exported["session"]["status"]
        assert summary.active_text == duration(exported["time"]["active_seconds"])
        assert summary.active_text in (FIXTURES / f"{name}.md").read_text(encoding="utf-8")
        assert find_session(summary.id[:-1], tmp_path).id == summary.id
