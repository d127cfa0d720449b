"""Without a terminal every screen command says so in one line and exits 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ..conftest import REPO


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--theme", "mono"],
        ["run"],
        ["run", "guided"],
        ["run", "--watch", "tour"],
        ["present", "tour"],
        ["rehearse", "tour"],
        ["follow"],
        ["follow", "2026"],
    ],
)
def test_screen_commands_need_a_tty(args: list[str], coach_home) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coach", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "COACH_HOME": str(coach_home), "TERM": "dumb"},
    )
    assert result.returncode == 2, result
    assert result.stderr == "coach: needs an interactive terminal (stdin/stdout is not a TTY)\n"
    assert result.stdout == ""
    assert not (coach_home / "data" / "sessions").exists() or not any(
        (coach_home / "data" / "sessions").iterdir()
    ), "no journal is created for a session that never ran"


def test_resume_without_a_tty_leaves_the_journal_alone(coach_home) -> None:
    from coach.engine import commands as c
    from coach.engine.clock import FakeClock
    from coach.journal.reader import read_journal
    from coach.lesson import load_lesson
    from coach.live import LiveSession

    from ..conftest import LESSONS

    session = LiveSession.start(
        load_lesson(LESSONS / "tour.yaml"), LESSONS / "tour.yaml", clock=FakeClock()
    )
    session.do(c.Start())
    session.close()
    before = read_journal(session.writer.path).events
    result = subprocess.run(
        [sys.executable, "-m", "coach", "resume"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "COACH_HOME": str(coach_home)},
    )
    assert result.returncode == 2, result
    assert read_journal(session.writer.path).events == before
