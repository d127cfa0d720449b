"""The entry point: short commands run without the collector and leave without teardown."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

import coach.cli
from coach import entry
from coach.lesson.schema import schema_text
from tests.conftest import LESSONS


@pytest.mark.parametrize(
    ("argv", "collecting"),
    [
        (["validate", "lessons/"], False),
        (["export", "abc"], False),
        (["--help"], False),
        (["run", "tour"], True),
        (["follow"], True),
        ([], True),
    ],
)
def test_collector_is_off_only_for_short_commands(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], collecting: bool
) -> None:
    seen: list[bool] = []
    left: list[object] = []
    monkeypatch.setattr(sys, "argv", ["coach", *argv])
    monkeypatch.setattr(coach.cli, "main", lambda: seen.append(gc.isenabled()))
    monkeypatch.setattr(entry, "leave", left.append)  # the real one ends the process
    try:
        entry.main()
    finally:
        gc.enable()
    assert seen == [collecting]
    assert left == ([] if collecting else [0])


def _coach(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coach", *args], capture_output=True, text=True, check=False, **kw
    )


def test_a_short_command_still_prints_everything_and_its_status(tmp_path: Path) -> None:
    ok = _coach("validate", str(LESSONS))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.count("\nok ") + ok.stdout.startswith("ok ") == len(list(LESSONS.glob("*.yaml")))
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\n")
    bad = _coach("validate", str(broken))
    assert bad.returncode == 1
    assert "missing required key `title`" in bad.stdout


def test_a_written_file_is_complete_before_the_process_ends(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    result = _coach("schema", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text() == schema_text()


def test_a_reader_that_goes_away_is_not_an_error() -> None:
    # `coach list | head -1`: the pipe closes early; no "BrokenPipeError" noise.
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(1)
    proc.stdout.close()
    proc.wait(timeout=30)
    assert b"Traceback" not in proc.stderr.read()
