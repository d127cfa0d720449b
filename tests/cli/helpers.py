"""Run `coach` in this process as the script does, and record a finished session."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach import entry

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff]")
"""Characters that must never reach the terminal (newline and tab are ordinary)."""


def coach(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`coach ARGS` through `coach.entry.run`: (exit status, stdout, stderr)."""
    capsys.readouterr()
    status = entry.run(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def record_session(*, finish: bool = True, seconds: float = 30.0) -> tuple[str, Path]:
    """A tour session in the journal (finished, or left interrupted); its id and journal."""
    from coach.engine import commands as c
    from coach.engine.clock import FakeClock
    from coach.lesson import load_lesson
    from coach.live import LiveSession

    from ..conftest import LESSONS

    clock = FakeClock()
    session = LiveSession.start(
        load_lesson(LESSONS / "tour.yaml"), LESSONS / "tour.yaml", clock=clock
    )
    session.do(c.Start())
    clock.advance(seconds)
    session.do(c.Next())
    if finish:
        session.do(c.Finish())
    session.close()
    return session.session_id, session.writer.path
