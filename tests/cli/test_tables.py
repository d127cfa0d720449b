"""`list` and `sessions`: their JSON keys, the mode column, one line per session, and colours."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.root import app

from .helpers import coach, record_session

runner = CliRunner()

LIST_KEYS = ["id", "title", "summary", "minutes", "source", "path", "problem"]
SESSION_KEYS = [
    "id",
    "mode",
    "lesson_id",
    "lesson_title",
    "started",
    "active_seconds",
    "status",
    "reason",
    "events",
    "path",
]


def test_list_json_has_fixed_keys_and_lists_broken_files(
    coach_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = coach_home / "data" / "lessons"
    own.mkdir(parents=True)
    (own / "broken.yaml").write_text("id: [\n")
    status, out, _err = coach(capsys, "list", "--json")
    assert status == 0
    records = json.loads(out)
    assert all(list(record) == LIST_KEYS for record in records)
    by_source = {(r["source"], r["id"]) for r in records}
    assert {("bundled", "tour"), ("bundled", "guided"), ("yours", None)} <= by_source
    broken = next(r for r in records if r["id"] is None)
    assert broken["path"].endswith("broken.yaml") and broken["problem"].startswith("2:1: ")
    tour = next(r for r in records if r["id"] == "tour")
    assert isinstance(tour["minutes"], int) and tour["problem"] is None


def test_list_shows_a_broken_file_with_its_first_problem(
    coach_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = coach_home / "data" / "lessons"
    own.mkdir(parents=True)
    (own / "broken.yaml").write_text("id: x\n")
    status, out, _err = coach(capsys, "list")
    assert status == 0 and "tour" in out
    [line] = [line for line in out.splitlines() if line.startswith("not loaded:")]
    assert "broken.yaml: " in line and "missing required key" in line


def test_sessions_json_has_fixed_keys(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = coach(capsys, "sessions", "--json")
    assert status == 0 and json.loads(out) == []
    finished, _ = record_session(finish=True, seconds=150)
    kept, _ = record_session(finish=False)
    status, out, _err = coach(capsys, "sessions", "--json")
    records = json.loads(out)
    assert [list(r) for r in records] == [SESSION_KEYS, SESSION_KEYS]
    by_id = {r["id"]: r for r in records}
    assert by_id[finished]["status"] == "finished" and by_id[kept]["status"] == "interrupted"
    assert by_id[finished]["mode"] == "run" and by_id[finished]["lesson_id"] == "tour"
    assert by_id[finished]["active_seconds"] == pytest.approx(150)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d)?", by_id[kept]["started"])


def _set_header(journal: Path, **fields: str) -> None:
    lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    header = json.loads(lines[0]) | fields
    lines[0] = json.dumps(header) + "\n"
    journal.write_text("".join(lines), encoding="utf-8")


def test_sessions_shows_the_mode_and_keeps_a_long_stop_message_to_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from coach.engine import commands as c
    from coach.engine.clock import FakeClock
    from coach.lesson import load_lesson
    from coach.live import LiveSession

    from ..conftest import LESSONS

    drill, journal = record_session()
    _set_header(journal, mode="rehearse")
    session = LiveSession.start(
        load_lesson(LESSONS / "tour.yaml"), LESSONS / "tour.yaml", clock=FakeClock()
    )
    session.do(c.Start())
    session.do(c.Stop())
    session.do(c.StopChoice("end"))
    session.close()
    status, out, _err = coach(capsys, "sessions")
    assert status == 0
    rows = {line.split()[0]: line for line in out.splitlines() if line[:1].isdigit()}
    assert rows[drill].split()[1] == "drill"
    assert rows[session.session_id].split()[1] == "run"
    assert len(rows) == 2


def test_a_stop_reason_is_cut_to_one_short_line() -> None:
    from coach.cli.sessions import REASON_WIDTH, _short

    long = "Stop here: " + "a reason with\nnew lines and \x1b[2J escapes " * 10
    cut = _short(long)
    assert len(cut) <= REASON_WIDTH and cut.endswith("…") and "\n" not in cut
    assert "\x1b" not in cut
    assert _short("short one") == "short one"


GREEN = "\x1b[32m"
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;5;\d+|38;2;[\d;]+)m")


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        (["sessions"], {"FORCE_COLOR": "1"}, True),
        (["--theme", "dark", "sessions"], {"FORCE_COLOR": "1"}, True),
        (["--theme", "light", "sessions"], {"FORCE_COLOR": "1"}, True),
        (["sessions"], {"FORCE_COLOR": "1", "COACH_THEME": "light"}, True),
        (["sessions"], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (["--theme", "light", "sessions"], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (["--theme", "mono", "sessions"], {"FORCE_COLOR": "1"}, False),
        (["sessions"], {"FORCE_COLOR": "1", "COACH_THEME": "mono"}, False),
        (["sessions"], {}, False),  # not a terminal: plain text
    ],
)
def test_colours_follow_the_theme_and_no_color(
    args: list[str], env: dict[str, str], coloured: bool
) -> None:
    record_session(finish=True)
    clean = {"NO_COLOR": None, "COACH_THEME": None, "COLORTERM": "truecolor"}
    result = runner.invoke(app, args, env={**clean, **env})
    assert result.exit_code == 0, result.output
    assert bool(COLOUR.search(result.output)) == coloured, repr(result.output)
    if "light" in args or env.get("COACH_THEME") == "light":
        assert GREEN not in result.output  # light has its own, darker palette


def test_an_unknown_theme_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = coach(capsys, "--theme", "neon", "list")
    assert status == 2 and "'neon' is not one of" in err


def test_each_theme_names_a_textual_theme_for_the_screens() -> None:
    from textual.app import App

    from coach.cli.output import Theme, textual_theme

    available = App().available_themes
    for theme in Theme:
        name = textual_theme(theme)
        assert name is None if theme is Theme.auto else name in available


def test_an_unreadable_journal_says_why_in_its_row(
    coach_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sessions = coach_home / "data" / "sessions"
    sessions.mkdir(parents=True)
    (sessions / "20261125-142301-ab12.jsonl").write_text("")
    status, out, _err = coach(capsys, "sessions")
    assert status == 0
    [row] = [line for line in out.splitlines() if line.startswith("20261125")]
    assert "unreadable (" in row and str(sessions) not in row


def test_a_reader_that_goes_away_is_not_an_error(coach_home: Path) -> None:
    """`coach preview guided | head -1`: the pipe closes early; no traceback, no noise."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "preview", "guided"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before coach has written a byte: its write meets a closed pipe
    proc.wait(timeout=60)
    assert proc.returncode in (0, 1)
    assert proc.stderr.read() == b""
