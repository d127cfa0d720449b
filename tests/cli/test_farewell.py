"""On leaving a screen, the person is told the session's id and the command that comes next."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.cli.screens import farewell_line
from coach.engine import commands as c
from coach.lesson import load_lesson

from ..conftest import LESSONS
from .helpers import coach, record_session


def _launcher(script: list[c.Command], calls: list[object]):
    """A stand-in for `launch_run`/`launch_picker`: makes the session, does `script`, returns 0."""

    def launch(*args: object, make_session, **kwargs: object) -> int:
        session = make_session(load_lesson(LESSONS / "tour.yaml"), LESSONS / "tour.yaml")
        for command in script:
            session.do(command)
        session.close()
        calls.append(session)
        return 0

    return launch


@pytest.mark.parametrize(
    ("argv", "launcher"), [(["run", "tour"], "launch_run"), ([], "launch_picker")]
)
@pytest.mark.parametrize(
    ("script", "next_step"),
    [
        ([c.Start()], "to continue it: coach resume"),
        ([c.Start(), c.Next()], "to continue it: coach resume"),
        ([c.Start(), c.Stop(), c.StopChoice("end")], "to export it: coach export"),
        ([c.Start(), c.Finish()], "to export it: coach export"),
    ],
)
def test_leaving_prints_the_id_and_the_next_command(
    argv: list[str],
    launcher: str,
    script: list[c.Command],
    next_step: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from coach.ui import launch

    calls: list[object] = []
    monkeypatch.setattr(launch, launcher, _launcher(script, calls))
    status, out, err = coach(capsys, *argv)
    assert status == 0, err
    [session] = calls
    session_id = session.session_id  # type: ignore[attr-defined]
    assert (
        out == f"session {session_id} {'ended' if 'export' in next_step else 'is kept'}; "
        f"{next_step} {session_id}\n"
    )


def test_resume_says_what_comes_next_for_the_resumed_session(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.ui import launch

    session_id, _journal = record_session(finish=False)

    def launch_session(open_session, **kwargs: object) -> int:
        session = open_session()
        session.do(c.Finish())
        session.close()
        return 0

    monkeypatch.setattr(launch, "launch_session", launch_session)
    status, out, _err = coach(capsys, "resume", session_id)
    assert status == 0
    assert out == f"session {session_id} ended; to export it: coach export {session_id}\n"


def test_a_session_that_left_no_journal_says_nothing(tmp_path: Path) -> None:
    class Gone:
        session_id = "20261125-142301-ab12"

        class writer:
            path = tmp_path / "gone.jsonl"

    assert farewell_line(Gone()) is None
    assert farewell_line(object()) is None


def test_no_terminal_means_no_session_and_no_farewell(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = coach(capsys, "run", "tour")  # pytest's stdin is not a terminal
    assert status == 2 and out == ""
    assert err == "coach: needs an interactive terminal (stdin/stdout is not a TTY)\n"
