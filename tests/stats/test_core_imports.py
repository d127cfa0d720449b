"""The drill and stats core never import Textual (the CLI and other front ends use them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_drill_and_stats_do_not_import_textual() -> None:
    code = (
        "import sys; import coach.drill, coach.drill.export, coach.stats.load, "
        "coach.stats.render, coach.stats.chart; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
