"""The benchmark runner runs and prints a complete table.

Why only a smoke test: benchmark numbers depend on the machine and its load,
and tests never assert times. What CI can check cheaply is that the runner
works end to end (generators, engine driving, journal writing, the table):
`python -m benchmarks --quick --only validate,replay` with sizes a hundred
times smaller than the real run, in a subprocess, in a few seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUN = [
    sys.executable,
    "-m",
    "benchmarks",
    "--quick",
    "--only",
    "validate,replay",
    "--divisor",
    "100",
]


def _run(*extra: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COACH_HOME=str(home))
    return subprocess.run(
        [*RUN, *extra], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )


def test_runner_prints_the_table(coach_home: Path) -> None:
    done = _run(home=coach_home)
    assert done.returncode in (0, 1), done.stderr  # 1 = some row missed its target
    lines = done.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("figure"))
    assert lines[header].split() == ["figure", "baseline", "measured", "target", "status"]
    rows = [line for line in lines[header + 2 :] if line.strip() and not line.startswith("- ")]
    figures = [row for row in rows if row.split()[0] in ("validate", "resume", "export")]
    assert len(figures) == 5, done.stdout
    for row in figures:
        assert row.split()[-1] in ("PASS", "FAIL"), row
        # every row carries its ratio: a spread, or the share of its budget
        assert "spread" in row or "budget" in row, row


def test_runner_json_rows_have_a_ratio(coach_home: Path) -> None:
    done = _run("--json", home=coach_home)
    assert done.returncode in (0, 1), done.stderr
    rows = json.loads(done.stdout)
    assert {r["status"] for r in rows} <= {"PASS", "FAIL"}
    assert [r["figure"].split()[0] for r in rows] == [
        "validate",
        "resume",
        "export",
        "resume",
        "export",
    ]
    for r in rows:
        assert r["value"].endswith("x") or r["value"].endswith("x budget"), r
        assert r["detail"], r
