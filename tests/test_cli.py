"""The CLI through Typer's runner, and import hygiene in a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach import __version__
from coach.cli.root import app
from coach.lesson.schema import SCHEMA_FILE, schema_text

from .conftest import LESSONS, REPO

runner = CliRunner()

FIVE_MISTAKES = """\
id: five
title: Five mistakes
summary: One of each.
minutes: 0
sections:
  - title: One
    steps:
      - title: Start
        colour: blue
      - kind: hold
        title: Hold
        depth: surface
        positions: [12, 13]
        breaths: 0
      - kind: checkin
        title: Q
        question: OK?
        no: {goto: nowhere}
"""


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"coach {__version__}"


def test_validate_bundled_lessons_ok() -> None:
    result = runner.invoke(app, ["validate", str(LESSONS)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines and all(line.startswith("ok ") for line in lines)


def test_validate_prints_five_problems(tmp_path: Path) -> None:
    path = tmp_path / "five.yaml"
    path.write_text(FIVE_MISTAKES)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 5, lines
    expected = [
        ":4:10: `minutes` must be at least 1",
        ":9:9: unknown key `colour`",
        ":13:25: clock position 13",
        ":14:18: `breaths` must be at least 1",
        ":18:20: goto `nowhere`",
    ]
    for line, fragment in zip(lines, expected, strict=True):
        assert line.startswith(str(path)) and fragment in line, line


def test_validate_mixed_reports_ok_and_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [\n")
    result = runner.invoke(app, ["validate", str(LESSONS / "tour.yaml"), str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith("ok ")
    assert f"{bad}:2:1: YAML syntax" in result.output


def test_validate_empty_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "no lesson files" in result.output


def test_list_shows_bundled_and_own(coach_home: Path) -> None:
    own = coach_home / "data" / "lessons"
    own.mkdir(parents=True)
    (own / "mine.yaml").write_text(
        "id: mine\ntitle: '[bold]Mine[/bold]'\nsummary: s\nminutes: 7\n"
        "sections: [{title: A, steps: [{title: B}]}]\n"
    )
    (own / "broken.yaml").write_text("id: [\n")
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0, result.output
    assert "tour" in result.output and "bundled" in result.output
    assert "[bold]Mine[/bold]" in result.output  # markup is shown, not applied
    assert "yours" in result.output
    assert "broken.yaml" in result.output


def test_schema_is_json_and_matches_committed_file() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "coach lesson"
    assert SCHEMA_FILE.read_text() == schema_text(), "run: coach schema -o coach/lesson/schema.json"


@pytest.mark.parametrize("args", [["--help"], ["validate", "--help"], ["list", "--help"]])
def test_help_everywhere(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "Usage" in result.output


def run_coach(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coach", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        **kwargs,  # type: ignore[arg-type]
    )


def test_unknown_command_is_a_usage_error_not_a_traceback() -> None:
    result = run_coach("bogus")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "No such command" in result.stderr


@pytest.mark.parametrize(
    "code",
    [
        "import coach.entry; coach.entry.run(['--help'])",
        "import coach.entry; coach.entry.run(['validate', 'lessons'])",
        "import coach.entry; coach.entry.run(['list', '--json'])",
        "import coach.lesson, coach.lesson.catalog, coach.lesson.schema",
    ],
    ids=["help", "validate", "list", "core"],
)
def test_short_commands_never_import_textual(code: str) -> None:
    probe = code + "\nimport sys; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stdout + result.stderr


def test_sessions_empty_and_listed(tmp_path: Path) -> None:
    from coach.engine import commands as c
    from coach.engine.clock import FakeClock
    from coach.lesson import load_lesson
    from coach.live import LiveSession

    result = runner.invoke(app, ["sessions"])
    assert result.exit_code == 0 and "No sessions yet" in result.output
    clock = FakeClock()
    session = LiveSession.start(
        load_lesson(LESSONS / "tour.yaml"), LESSONS / "tour.yaml", clock=clock
    )
    session.do(c.Start())
    clock.advance(125)
    session.do(c.Next())
    session.close()
    result = runner.invoke(app, ["sessions"])
    assert result.exit_code == 0, result.output
    assert session.session_id in result.output
    assert "interrupted" in result.output and "2 min" in result.output


def test_export_markdown_and_json(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    from coach.engine import commands as c
    from coach.engine.clock import FakeClock
    from coach.lesson import load_lesson
    from coach.live import LiveSession

    clock = FakeClock()
    session = LiveSession.start(
        load_lesson(LESSONS / "tour.yaml"), LESSONS / "tour.yaml", clock=clock
    )
    session.do(c.Start())
    clock.advance(30)
    session.do(c.Next())
    session.do(c.Stop())
    session.do(c.StopChoice("end"))
    session.do(c.ReviewText("# not a heading | <b>x</b> ```"))
    session.close()
    out = tmp_path / "s.md"
    result = runner.invoke(app, ["export", session.session_id[:15], "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert out.stat().st_mode & 0o777 == 0o600
    assert "A short tour" in text and "# not a heading | <b>x</b> ```" in text
    html = MarkdownIt("commonmark").render(text)
    assert "<b>x</b>" not in html
    result = runner.invoke(app, ["export", session.session_id, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["session"]["status"] == "stopped"


def test_export_unknown_session_is_one_line() -> None:
    result = run_coach("export", "nope")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--bogus"], "No such option"),
        (["run", "a", "b"], "unexpected extra argument"),
    ],
)
def test_run_usage_errors_come_from_typer(args: list[str], message: str) -> None:
    result = run_coach(*args, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert message in result.stderr and "Usage" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_help_comes_from_typer() -> None:
    result = run_coach("run", "--help")
    assert result.returncode == 0
    assert "Usage" in result.stdout and "--sound" in result.stdout and "--watch" in result.stdout
