"""`coach stats` from the command line: text with a chart, JSON for scripts, bad files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli_commands import app
from coach.drill.scheduler import review_card
from coach.drill.store import CardKey, Memory, save_memory

REPO = Path(__file__).resolve().parents[2]


def _practised() -> None:
    memory = Memory()
    now = datetime.now(UTC)
    for n in range(6):
        review_card(memory, CardKey("guided", "consent", "do"), 1 + n % 2, now - timedelta(days=n))
    assert save_memory(memory) is None


def test_stats_text_has_the_chart_and_the_weakest_steps() -> None:
    _practised()
    result = CliRunner().invoke(app, ["stats"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "Drill reviews a day (last 30 days, 6 in all)" in result.output
    assert "Weakest steps" in result.output and "Consent" in result.output
    assert "streak 6 days" in result.output


def test_stats_json() -> None:
    _practised()
    result = CliRunner().invoke(app, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["overall"]["reviews"] == 6
    assert [p["lesson_id"] for p in data["lessons"]] == ["guided"]
    assert data["lessons"][0]["weakest_steps"][0]["title"] == "Consent"


def test_stats_for_an_unknown_lesson_is_one_line() -> None:
    result = CliRunner().invoke(app, ["stats", "--lesson", "nope"])
    assert result.exit_code != 0


@pytest.mark.parametrize(
    "content", [b"{", b"[" * 100_000, b'{"schema": ' + b"9" * 5000 + b"}", b'{"schema": 2}']
)
def test_a_corrupt_memory_is_one_line_and_no_traceback(coach_home: Path, content: bytes) -> None:
    data = coach_home / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "drill.json").write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "coach", "stats", "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        env={**os.environ, "COACH_HOME": str(coach_home)},
    )
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "unreadable drill memory" in result.stderr
    assert json.loads(result.stdout)["overall"]["reviews"] == 0
