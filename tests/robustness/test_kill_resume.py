"""SIGKILL a scripted session at random moments; every acknowledged event survives.

A child process drives a real `LiveSession` through the tour lesson and prints
`ack N` after each command returns (N = events so far): that is the moment the
screen would show the step as done. The parent kills it with SIGKILL at a random
moment, then reads the journal: it must replay, hold at least N events, and the
session must resume and go on. 50 trials, seeded for reproducibility.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from coach.engine import commands as c
from coach.engine.clock import FakeClock
from coach.engine.compiled import compile_lesson
from coach.engine.evolve import replay
from coach.journal.reader import read_journal
from coach.journal.sessions import list_sessions
from coach.lesson import load_lesson
from coach.live import LiveSession

from ..conftest import LESSONS, REPO

CHILD = textwrap.dedent(
    """
    import sys
    from coach.engine import commands as c
    from coach.engine.clock import FakeClock
    from coach.lesson import load_lesson
    from coach.live import LiveSession
    from tests.drivers import person_move

    path = sys.argv[1]
    clock = FakeClock()
    session = LiveSession.start(load_lesson(path), None, clock=clock)
    session.do(c.Start())
    for round in range(10_000):
        view = session.view()
        if view.status == "ended":
            break
        move = person_move(view, answer=round % 3 == 0)
        if move is None:
            clock.set(view.next_deadline)
            move = c.Tick()
        elif isinstance(move, c.Next):
            clock.advance(1.5)
        session.do(move)
        print("ack", len(session.events), flush=True)
    print("done", flush=True)
    """
)


def _run_and_kill(rng: random.Random, home: Path) -> int:
    env = {**os.environ, "COACH_HOME": str(home)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(LESSONS / "tour.yaml")],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert child.stdout is not None
    acked = 0
    stop_after = rng.randint(1, 16)  # a full tour run acknowledges 17 commands
    for line in child.stdout:
        if line.startswith("ack "):
            acked = int(line.split()[1])
            stop_after -= 1
            if stop_after <= 0:
                break
    child.send_signal(signal.SIGKILL)
    child.wait()
    return acked


def test_fifty_kills_lose_nothing_acknowledged(tmp_path: Path, monkeypatch) -> None:
    rng = random.Random(20261125)
    lesson = load_lesson(LESSONS / "tour.yaml")
    ended = 0
    for trial in range(50):
        home = tmp_path / f"trial-{trial}"
        monkeypatch.setenv("COACH_HOME", str(home))
        acked = _run_and_kill(rng, home)
        [summary] = list_sessions()
        journal = read_journal(summary.path)
        assert len(journal.events) >= acked, (trial, len(journal.events), acked)
        if summary.status != "interrupted":
            ended += 1
            continue
        session = LiveSession.resume(lesson, summary.path, clock=FakeClock(journal.events[-1]["t"]))
        assert session.state == replay(compile_lesson(lesson), session.events)
        before = len(session.events)
        session.do(c.Stop())
        session.do(c.StopChoice("end"))
        session.close()
        assert len(read_journal(summary.path).events) > before
    assert ended < 10  # most kills land mid-session
