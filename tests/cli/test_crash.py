"""An unexpected error anywhere ends in one line naming a private report, and a non-zero status."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.app import App

from coach import crash
from coach.crash import CRASH_STATUS, Crashed, run_app
from coach.errors import CoachError, LessonError, Problem

from ..conftest import REPO
from .helpers import CONTROL, coach


def _reports(home: Path) -> list[Path]:
    return sorted((home / "data").glob("crash-*.txt"))


# (command line, module, function to break): one place inside each short command
BREAKS = [
    (["list"], "coach.lesson.catalog", "catalog"),
    (["sessions"], "coach.journal.sessions", "list_sessions"),
    (["validate", "lessons"], "coach.lesson.loader", "load_lesson"),
    (["preview", "tour"], "coach.lesson.handout", "to_markdown"),
    (["schema"], "coach.lesson.schema", "schema_text"),
]
ERRORS = [
    RuntimeError("boom"),
    KeyError("k"),
    RecursionError("deep"),
    ValueError("\x1b]2;pwned\x07 [/] value"),
    AssertionError(),
    MemoryError(),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("where", BREAKS, ids=lambda b: b[0][0])
def test_a_bug_in_a_command_is_one_line_and_a_private_report(
    error: BaseException,
    where: tuple[list[str], str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    coach_home: Path,
) -> None:
    import importlib

    args, module, function = where

    def broken(*_args: object, **_kwargs: object) -> object:
        raise error

    monkeypatch.setattr(importlib.import_module(module), function, broken)
    status, out, err = coach(capsys, *args)
    assert status == CRASH_STATUS
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err, err
    assert not CONTROL.search(err)
    [report] = _reports(coach_home)
    assert err.startswith(f"coach: coach {args[0]} failed unexpectedly") and str(report) in err
    assert report.stat().st_mode & 0o777 == 0o600
    text = report.read_text()
    assert "Traceback" in text and type(error).__name__ in text and "in broken" in text


def test_without_a_writable_data_folder_the_line_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from coach.lesson import catalog

    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("COACH_HOME", str(blocker))  # data folder would be inside a file

    def broken() -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(catalog, "catalog", broken)
    status, _out, err = coach(capsys, "list")
    assert status == CRASH_STATUS
    assert err.count("\n") == 1 and "no report could be saved" in err and "RuntimeError" in err


@pytest.mark.parametrize(
    ("error", "status", "line"),
    [
        (CoachError("no such thing"), 1, "coach: no such thing\n"),
        (LessonError([Problem("x.yaml", 3, 4, "bad")]), 1, "x.yaml:3:4: bad\n"),
        (KeyboardInterrupt(), 130, ""),  # Ctrl+C: Typer ends quietly with 130
        (Crashed("the picker failed unexpectedly", None), CRASH_STATUS, None),
    ],
)
def test_expected_failures_keep_their_words_and_status(
    error: BaseException,
    status: int,
    line: str | None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    coach_home: Path,
) -> None:
    from coach.lesson import catalog

    def failing() -> list[object]:
        raise error

    monkeypatch.setattr(catalog, "catalog", failing)
    got, out, err = coach(capsys, "list")
    assert (got, out) == (status, "")
    assert err == (f"coach: {error}\n" if line is None else line)
    assert _reports(coach_home) == []


class Boom(App[None]):
    def on_mount(self) -> None:
        raise RuntimeError("the screen broke")


class Leaves(App[int]):
    def __init__(self, result: int | None = None, code: int = 0) -> None:
        super().__init__()
        self.result, self.code = result, code

    def on_mount(self) -> None:
        self.exit(self.result, return_code=self.code)


def test_a_crash_inside_a_screen_is_reported_not_printed(
    coach_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(Crashed) as raised:
        run_app(Boom(), where="the lesson picker", headless=True)
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    report = raised.value.report
    assert report is not None and report in _reports(coach_home)
    assert report.stat().st_mode & 0o777 == 0o600
    assert "the screen broke" in report.read_text()
    assert str(raised.value).startswith("the lesson picker failed unexpectedly")


@pytest.mark.parametrize(
    ("result", "code", "status"), [(None, 0, 0), (3, 0, 3), (None, 2, 2), (5, 4, 4)]
)
def test_a_screen_that_exits_normally_gives_its_status(
    result: int | None, code: int, status: int, coach_home: Path
) -> None:
    assert run_app(Leaves(result, code), where="t", headless=True) == status
    assert _reports(coach_home) == []


def test_a_crashed_screen_exits_non_zero_from_the_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], coach_home: Path
) -> None:
    """The launcher runs its app with `run_app`; the CLI turns `Crashed` into its line."""
    from coach.ui import launch

    def launch_run(*args: object, **kwargs: object) -> int:
        return run_app(Boom(), where="coach run", headless=True)

    monkeypatch.setattr(launch, "launch_run", launch_run)
    status, out, err = coach(capsys, "run", "tour")
    assert status == CRASH_STATUS and out == ""
    assert err.startswith("coach: coach run failed unexpectedly") and err.count("\n") == 1
    assert len(_reports(coach_home)) == 1


def test_the_script_exits_non_zero_in_a_real_process(coach_home: Path) -> None:
    code = (
        "import sys, coach.lesson.catalog as c\n"
        "def boom(): raise RuntimeError('boom')\n"
        "c.catalog = boom\n"
        "sys.argv = ['coach', 'list']\n"
        "from coach.entry import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert result.returncode == CRASH_STATUS
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    assert "the full report is in" in result.stderr


def test_report_names_are_unique(coach_home: Path) -> None:
    paths = {crash.write_report("x", where="t") for _ in range(20)}
    assert len(paths) == 20
