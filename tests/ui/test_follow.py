"""coach follow: a read-only mirror of a session another process is writing."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.follower import find_live
from coach.lesson.catalog import resolve
from coach.live import LiveSession
from coach.ui.follow import FollowApp, FollowScreen
from tests.ui.helpers import screen_text

# A scripted instructor in its own process: one command per stdin line, the
# session clock moved by hand, the step id it is on printed after each.
WRITER = r"""
import json, sys
from pathlib import Path
from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.lesson.catalog import resolve
from coach.live import LiveSession

lesson, path = resolve("tour")
clock = FakeClock()
session = LiveSession.start(lesson, path, clock=clock, directory=Path(sys.argv[1]))
print(json.dumps({"path": str(session.writer.path)}), flush=True)
for line in sys.stdin:
    word, _, arg = line.strip().partition(" ")
    if word == "wait":
        clock.advance(float(arg))
        session.do(c.Tick())
    elif word == "quit":
        break
    else:
        command = {"start": c.Start(), "next": c.Next(), "ack": c.AckReminder(),
                   "pause": c.Pause(), "resume": c.Resume(), "toggle": c.Toggle(0),
                   "finish": c.Finish(), "yes": c.Answer(True)}[word]
        session.do(command)
    view = session.view()
    print(json.dumps({"step": view.step.id if view.step else None, "status": view.status,
                      "checked": sorted(view.checked), "t": clock.now()}), flush=True)
session.close()
"""


class Instructor:
    def __init__(self, directory: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(directory)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.path = Path(self._read()["path"])

    def _read(self) -> dict:
        assert self.proc.stdout is not None
        return json.loads(self.proc.stdout.readline())

    def do(self, line: str) -> dict:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("quit\n")
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def _follow(path: Path | None, **kwargs) -> FollowApp:
    kwargs.setdefault("search_every", 0.0)
    return FollowApp(path, animate=False, auto_poll=False, **kwargs)


async def test_follows_a_writer_in_another_process(tmp_path: Path) -> None:
    teacher = Instructor(tmp_path)
    try:
        app = _follow(teacher.path)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.poll()
            await pilot.pause()
            assert "Waiting for the instructor to start" in screen_text(app)
            said = teacher.do("start")
            for line in ["next", "toggle", "next", "wait 5", "ack", "next", "wait 2", "pause"]:
                view = app.poll()
                await pilot.pause()
                assert isinstance(app.screen, FollowScreen)
                assert view is not None and view.step is not None
                assert view.step.id == said["step"]
                assert view.status == said["status"]
                assert sorted(view.checked) == said["checked"]
                said = teacher.do(line)
            view = app.poll()
            await pilot.pause()
            assert view.status == "paused"
            text = screen_text(app)
            assert "Paused by the instructor" in text
            assert "press Space" not in text  # the run's hints are not for a class
            assert "acknowledge" not in text
            said = teacher.do("finish")
            view = app.poll()
            await pilot.pause()
            assert view.status == "ended"
            assert "Session ended" in screen_text(app)
    finally:
        teacher.close()


async def test_never_shows_instructor_notes_and_refuses_every_key(tmp_path: Path) -> None:
    lesson, path = resolve("tour")
    noted = [fs for fs in lesson.flat_steps() if fs.step.note]
    assert noted, "the tour has an instructor note to hide"
    session = LiveSession.start(lesson, path, clock=FakeClock(), directory=tmp_path)
    session.do(c.Start())
    session.do(c.JumpTo(noted[0].id))
    app = _follow(session.writer.path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.poll()
        await pilot.pause()
        for key in ("i", "n", "enter", "space", "s", "a", "left"):
            await pilot.press(key)
        await pilot.pause()
        text = screen_text(app)
        assert " ".join(noted[0].step.note.split()[:4]) not in " ".join(text.split())
        card = app.follow_screen.step_view.card if app.follow_screen else None
        assert card is not None and not card.note.display
        assert session.view().step.id == noted[0].id  # nothing was sent anywhere
        assert app.mirror is not None and app.mirror.state == session.state  # nothing added
    session.close()


async def test_waits_for_a_session_then_picks_the_newest_live_one(tmp_path: Path) -> None:
    app = _follow(None, directory=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.poll() is None
        await pilot.pause()
        assert "Waiting for a session" in screen_text(app)
        lesson, path = resolve("tour")
        ended = LiveSession.start(lesson, path, clock=FakeClock(), directory=tmp_path)
        ended.do(c.Start())
        ended.do(c.Finish())
        ended.close()
        assert find_live(tmp_path, None) is None
        live = LiveSession.start(lesson, path, clock=FakeClock(), directory=tmp_path)
        live.do(c.Start())
        assert find_live(tmp_path, None) == live.writer.path
        view = app.poll()
        await pilot.pause()
        assert view is not None and view.step is not None
        assert app.path == live.writer.path
        live.close()


def test_latency_of_a_poll_is_small(tmp_path: Path) -> None:
    """A poll that finds nothing costs a stat; one that finds an event, well under a frame."""
    lesson, path = resolve("tour")
    session = LiveSession.start(lesson, path, clock=FakeClock(), directory=tmp_path)
    session.do(c.Start())
    from coach.journal.tail import JournalTail
    from coach.mirror import Mirror

    tail = JournalTail(session.writer.path)
    mirror = Mirror(lesson)
    mirror.feed(tail.poll())
    start = time.perf_counter()
    for _ in range(1000):
        mirror.feed(tail.poll())
    idle = (time.perf_counter() - start) / 1000
    assert idle < 0.001
    start = time.perf_counter()
    session.do(c.Next())
    mirror.feed(tail.poll())
    mirror.view()
    assert time.perf_counter() - start < 0.05
    assert mirror.state == session.state
    session.close()
