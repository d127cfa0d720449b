"""coach run --watch: the watcher reloads on change, reports problems, keeps the step."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from coach.engine.clock import FakeClock
from coach.engine.session import Session
from coach.lesson import load_lesson
from coach.ui.watch import Broken, LessonWatcher, Reloaded, banner_text, restart_at

from ..conftest import LESSONS


def _touch(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_nothing_changed_costs_one_stat_per_file(tmp_path: Path) -> None:
    lesson = tmp_path / "tour.yaml"
    shutil.copy(LESSONS / "tour.yaml", lesson)
    watcher = LessonWatcher(lesson)
    before = watcher.stats
    for _ in range(10):
        assert watcher.poll() is None
    assert watcher.stats - before == 10 * len(watcher.files)
    assert watcher.reloads == 0


def test_edit_reloads_and_a_broken_edit_lists_problems(tmp_path: Path) -> None:
    lesson = tmp_path / "tour.yaml"
    original = (LESSONS / "tour.yaml").read_text(encoding="utf-8")
    lesson.write_text(original, encoding="utf-8")
    watcher = LessonWatcher(lesson)
    _touch(lesson, original.replace("title: A short tour", "title: A longer tour"))
    change = watcher.poll()
    assert isinstance(change, Reloaded) and change.lesson.title == "A longer tour"
    assert watcher.poll() is None
    _touch(lesson, original.replace("minutes: 3 ", "minuets: 3 "))
    change = watcher.poll()
    assert isinstance(change, Broken)
    assert any(p.startswith(str(lesson)) or "tour.yaml:" in p for p in change.problems)
    assert all(p.count(":") >= 3 for p in change.problems)  # path:line:col: message
    text = banner_text(change.problems)
    assert "still showing the last good version" in text.plain
    _touch(lesson, original)
    assert isinstance(watcher.poll(), Reloaded)


def test_included_fragment_changes_are_seen(tmp_path: Path) -> None:
    shutil.copytree(LESSONS, tmp_path / "lessons")
    lesson = tmp_path / "lessons" / "guided.yaml"
    watcher = LessonWatcher(lesson)
    fragment = (tmp_path / "lessons" / "parts" / "safety.yaml").resolve()
    assert fragment in watcher.files
    _touch(fragment, fragment.read_text(encoding="utf-8") + "\n# edited\n")
    assert isinstance(watcher.poll(), Reloaded)


def test_deleted_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    lesson = tmp_path / "tour.yaml"
    shutil.copy(LESSONS / "tour.yaml", lesson)
    watcher = LessonWatcher(lesson)
    lesson.unlink()
    change = watcher.poll()
    assert isinstance(change, Broken) and change.problems


def test_restart_at_keeps_the_step_by_id() -> None:
    tour = load_lesson(LESSONS / "tour.yaml")
    ids = [fs.id for fs in tour.flat_steps()]

    def make(lesson, path):
        return Session(lesson, FakeClock())

    session = restart_at(tour, None, ids[3], make)
    assert session.view().step.id == ids[3]
    first = restart_at(tour, None, "no-such-step", make)
    assert first.view().step.id == ids[0]
    assert restart_at(tour, None, ids[0], make).view().step.id == ids[0]


async def test_watched_run_reloads_in_place_and_shows_problems(tmp_path: Path) -> None:
    from coach.engine import commands as c
    from coach.ui.app import CoachApp
    from coach.ui.watch import WatchBanner, WatchedRun
    from tests.ui.helpers import press, screen_text

    path = tmp_path / "tour.yaml"
    original = (LESSONS / "tour.yaml").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    clock = FakeClock()

    def make(lesson, lesson_path):
        return Session(lesson, clock)

    app = CoachApp(make(load_lesson(path), path), clock=clock, animate=False, make_session=make)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "enter")  # content note
        app.send(c.JumpTo("clock"))
        await pilot.pause()
        watched = WatchedRun(app, path, interval=3600)
        _touch(path, original.replace("title: Around the clock", "title: Round the clock"))
        assert isinstance(watched.check(), Reloaded)
        await pilot.pause()
        await pilot.pause()
        assert app.session.view().step.id == "clock"
        assert "Round the clock" in screen_text(app)

        _touch(path, original.replace("depth: surface", "depth: shallow"))
        assert isinstance(watched.check(), Broken)
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "still showing the last good version" in text
        assert "tour.yaml:" in text
        assert "Round the clock" in text  # the last good lesson keeps running

        _touch(path, original)
        assert isinstance(watched.check(), Reloaded)
        await pilot.pause()
        await pilot.pause()
        banners = list(app.step_screen.query(WatchBanner))
        assert not banners or not banners[0].display
        assert "Around the clock" in screen_text(app)
        assert app.session.view().step.id == "clock"
        watched.stop()


def _hold_session(lesson, clock):
    from coach.engine import commands as c

    session = Session(lesson, clock)
    session.do(c.Start())
    session.do(c.JumpTo("clock"))
    session.do(c.Ready())  # the hold's lead-in
    clock.advance(5.0)
    session.do(c.Tick())
    return session


def test_a_save_during_a_hold_keeps_the_hold_and_the_time(tmp_path: Path) -> None:
    from coach.ui.watch import carry_over

    path = tmp_path / "tour.yaml"
    original = (LESSONS / "tour.yaml").read_text(encoding="utf-8")
    clock = FakeClock()
    old = _hold_session(load_lesson(LESSONS / "tour.yaml"), clock)
    before = old.view()
    _touch(path, original.replace("title: Around the clock", "title: Round the clock"))
    new, moved = carry_over(old, load_lesson(path), path, lambda lesson, p: Session(lesson, clock))
    after = new.view()
    assert moved is None
    assert after.step.id == "clock" and after.step.step.title == "Round the clock"
    assert after.active_seconds == before.active_seconds
    assert (after.hold.hour, after.hold.phase) == (before.hold.hour, before.hold.phase)
    assert after.hold.phase_fraction == before.hold.phase_fraction


def test_a_step_gone_moves_to_its_place_and_says_so(tmp_path: Path) -> None:
    from coach.ui.watch import carry_over

    path = tmp_path / "tour.yaml"
    original = (LESSONS / "tour.yaml").read_text(encoding="utf-8")
    clock = FakeClock()
    tour = load_lesson(LESSONS / "tour.yaml")
    old = _hold_session(tour, clock)
    index = old.view().step.index
    _touch(path, original.replace("id: clock", "id: dial").replace("goto: clock", "goto: dial"))
    lesson = load_lesson(path)
    assert "clock" not in {fs.id for fs in lesson.flat_steps()}
    new, moved = carry_over(old, lesson, path, lambda lesson, p: Session(lesson, clock))
    assert moved is not None and "“clock” is gone" in moved
    assert f"now at step {index + 1}" in moved
    assert new.view().step.index == index


async def test_watch_mode_says_it_is_a_preview() -> None:
    from coach.ui.app import CoachApp
    from tests.ui.helpers import press, screen_text

    clock = FakeClock()
    app = CoachApp(
        Session(load_lesson(LESSONS / "tour.yaml"), clock), clock=clock, animate=False,
        preview=True,
    )  # fmt: skip
    async with app.run_test(size=(100, 30)) as pilot:
        await press(pilot, "enter")
        assert "preview: nothing is saved" in screen_text(app)
        await press(pilot, "q")
        assert "authoring preview: nothing is saved" in screen_text(app)
