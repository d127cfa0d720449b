"""LiveSession: every engine event lands in the journal; resume replays it exactly."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.engine.compiled import compile_lesson
from coach.engine.evolve import replay
from coach.journal.reader import read_journal
from coach.lesson import load_lesson
from coach.live import LiveSession, ResumeError
from coach.report.fold import fold

from .conftest import LESSONS
from .drivers import person_move


@pytest.fixture
def tour():
    return load_lesson(LESSONS / "tour.yaml")


def drive(session: LiveSession, clock: FakeClock, steps: int) -> None:
    session.do(c.Start())
    for _ in range(steps):
        view = session.view()
        if view.status == "ended":
            return
        move = person_move(view, answer=False)
        if move is None:
            clock.set(view.next_deadline)
            move = c.Tick()
        session.do(move)


def test_events_are_journaled_and_private(tour, tmp_path: Path) -> None:
    clock = FakeClock()
    session = LiveSession.start(tour, LESSONS / "tour.yaml", clock=clock, directory=tmp_path)
    drive(session, clock, 5)
    session.close()
    journal = read_journal(session.writer.path)
    assert [e["type"] for e in journal.events] == [type(e).__name__ for e in session.events]
    assert journal.header.lesson_id == "tour"
    assert os.stat(session.writer.path).st_mode & 0o777 == 0o600
    assert os.stat(tmp_path).st_mode & 0o777 == 0o700


def test_resume_rebuilds_the_same_state_and_continues_time(tour, tmp_path: Path) -> None:
    clock = FakeClock()
    session = LiveSession.start(tour, LESSONS / "tour.yaml", clock=clock, directory=tmp_path)
    drive(session, clock, 6)
    session.close()
    resumed = LiveSession.resume(tour, session.writer.path, clock=FakeClock(session.events[-1].t))
    assert replay(compile_lesson(tour), resumed.events[: len(session.events)]) == session.state
    assert type(resumed.events[len(session.events)]).__name__ == "Recovered"
    assert resumed.state == replay(compile_lesson(tour), resumed.events)
    resumed.do(c.Next())
    resumed.close()
    assert len(read_journal(session.writer.path).events) == len(resumed.events)


def test_a_resumed_sessions_report_is_its_journals(tour, tmp_path: Path) -> None:
    """The live report (typed events and their wall times, in memory) is the journal's."""
    clock = FakeClock()
    session = LiveSession.start(tour, LESSONS / "tour.yaml", clock=clock, directory=tmp_path)
    drive(session, clock, 6)
    session.close()
    resumed = LiveSession.resume(tour, session.writer.path, clock=FakeClock(session.events[-1].t))
    resumed.do(c.Next())
    journal = read_journal(session.writer.path)
    report = resumed.report()
    resumed.close()
    assert report == fold(tour, journal.header, journal.events, journal.warnings)
    (away,) = report.interruptions  # the app was closed: said with both wall times
    assert away.from_wall == journal.events[len(session.events) - 1]["wall"]
    assert away.to_wall == journal.events[len(session.events)]["wall"]


def test_ended_session_cannot_be_resumed(tour, tmp_path: Path) -> None:
    clock = FakeClock()
    session = LiveSession.start(tour, LESSONS / "tour.yaml", clock=clock, directory=tmp_path)
    session.do(c.Start())
    session.do(c.Stop())
    session.do(c.StopChoice("end"))
    session.close()
    with pytest.raises(ResumeError, match="already ended"):
        LiveSession.resume(tour, session.writer.path)


def test_unwritable_folder_keeps_the_session_in_memory(tour, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    clock = FakeClock()
    session = LiveSession.start(tour, None, clock=clock, directory=blocker / "sessions")
    drive(session, clock, 3)
    assert not session.saved
    assert session.problem and "not being saved" in session.problem
    assert len(session.walls) == len(session.events)
    assert session.report().steps  # what was done is still there to see and export


def test_export_markdown_works_even_when_not_saved(tour, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    clock = FakeClock()
    session = LiveSession.start(tour, None, clock=clock, directory=blocker / "sessions")
    drive(session, clock, 4)
    assert not session.saved
    path = session.export_markdown(tmp_path / "exports")
    assert path.read_text().startswith("# Session: A short tour")
    assert os.stat(path).st_mode & 0o777 == 0o600
    second = session.export_markdown(tmp_path / "exports")
    assert second.name == path.stem + "-2.md" and path.exists()  # a second export keeps the first


def test_every_folder_coach_creates_is_private(tour, coach_home: Path) -> None:
    session = LiveSession.start(tour, None, clock=FakeClock())
    session.close()
    for folder in (coach_home / "data", coach_home / "data" / "sessions"):
        assert os.stat(folder).st_mode & 0o777 == 0o700, folder


@pytest.mark.parametrize("collecting", [True, False])
def test_resume_leaves_the_collector_as_it_found_it(tour, tmp_path: Path, collecting: bool) -> None:
    clock = FakeClock()
    session = LiveSession.start(tour, LESSONS / "tour.yaml", clock=clock, directory=tmp_path)
    drive(session, clock, 6)
    session.close()
    ended = LiveSession.start(tour, LESSONS / "tour.yaml", clock=clock, directory=tmp_path)
    ended.do(c.Start())
    ended.do(c.Finish())
    ended.close()
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        LiveSession.resume(tour, session.writer.path).close()
        assert gc.isenabled() is collecting
        with pytest.raises(ResumeError):
            LiveSession.resume(tour, ended.writer.path)
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


def test_a_second_coach_on_a_session_gets_one_line_and_the_first_keeps_it(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    fixture = Path(__file__).parent / "journal" / "fixtures" / "release-0" / "interrupted.jsonl"
    path = tmp_path / "interrupted.jsonl"
    shutil.copy(fixture, path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from coach.journal.writer import JournalWriter; "
            f"w = JournalWriter.reopen({str(path)!r}); print('held', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        lesson = load_lesson(fixture.parent / "lessons" / "guided.yaml")
        with pytest.raises(ResumeError) as info:
            LiveSession.resume(lesson, path, clock=FakeClock(1000.0))
        assert "\n" not in str(info.value) and path.name in str(info.value)
    finally:
        holder.communicate("", timeout=10)
    LiveSession.resume(lesson, path, clock=FakeClock(1000.0)).close()  # free again


def _header_for(lesson_id: str, lesson_path: object) -> object:
    from coach.journal.header import new_header

    return new_header(lesson_id=lesson_id, lesson_title="T", lesson_path=lesson_path)  # type: ignore[arg-type]


def test_resume_loads_the_recorded_lesson_file(tmp_path: Path) -> None:
    from coach.live import lesson_for

    source = LESSONS / "tour.yaml"
    copy = tmp_path / "moved-here.yaml"
    copy.write_bytes(source.read_bytes())
    lesson, path = lesson_for(_header_for("tour", copy))  # type: ignore[arg-type]
    assert (lesson.id, path) == ("tour", copy)


@pytest.mark.parametrize("kind", ["fifo", "folder", "other-lesson"])
def test_a_recorded_lesson_path_that_is_not_the_lesson_is_one_line(tmp_path: Path, kind: str) -> None:
    from coach.live import lesson_for

    target = tmp_path / "lesson.yaml"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target.write_bytes((LESSONS / "tour.yaml").read_bytes())
    with pytest.raises(ResumeError) as info:
        lesson_for(_header_for("not-tour" if kind == "other-lesson" else "tour", target))  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message and str(target) in message
    assert ("holds `tour`" if kind == "other-lesson" else "not a regular file") in message


@pytest.mark.parametrize("lesson_id", ["Tour", "tour.yaml", "a..b", "x" * 81, "tour\n", "/etc/passwd"])
def test_a_header_lesson_id_outside_the_pattern_is_refused(lesson_id: str) -> None:
    from coach.journal.header import Header
    from coach.live import lesson_for

    header = Header(schema=1, session="s", lesson_id=lesson_id, lesson_version="1", lesson_title="T",
                    started_wall="2026-01-01T00:00:00+00:00", coach="", mode="run")
    with pytest.raises(ResumeError, match="not a lesson id"):
        lesson_for(header)


def test_a_missing_recorded_file_falls_back_to_the_lesson_id(tmp_path: Path) -> None:
    from coach.live import lesson_for

    lesson, _path = lesson_for(_header_for("tour", tmp_path / "gone.yaml"))  # type: ignore[arg-type]
    assert lesson.id == "tour"
