"""On leaving a screen, the person is told the session's id and the command that comes next.

The line itself is `coach.ui.launch.leaving_line` (tested with the app in
`tests/ui/test_calm.py`); here: the CLI adds no second line of its own, and with
no terminal there is no session and nothing to say.
"""

from __future__ import annotations

import pytest

from coach.engine import commands as c
from coach.lesson import load_lesson

from ..conftest import LESSONS
from .helpers import coach


@pytest.mark.parametrize("argv", [["run", "tour"], []])
def test_the_cli_prints_no_second_farewell(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    made = []

    def launch(*args: object, make_session, **kwargs: object) -> int:
        session = make_session(load_lesson(LESSONS / "tour.yaml"), LESSONS / "tour.yaml")
        session.do(c.Start())
        session.close()
        made.append(session)
        return 0

    from coach.ui import launch as launchers

    name = "launch_run" if argv else "launch_picker"
    monkeypatch.setattr(launchers, name, launch)
    status, out, err = coach(capsys, *argv)
    assert status == 0 and made
    assert out == "" and err == ""


def test_no_terminal_means_no_session_and_no_farewell(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = coach(capsys, "run", "tour")  # pytest's stdin is not a terminal
    assert status == 2 and out == ""
    assert err == "coach: needs an interactive terminal (stdin/stdout is not a TTY)\n"
