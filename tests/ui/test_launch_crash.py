"""A screen that crashes under `coach run`, `present`, `rehearse` or `run --watch` ends the process with
`CRASH_STATUS` and one line naming a private report, never a traceback (issue 16).

Run for real: a child process on a pseudo-terminal (so the launchers' terminal check
passes and Textual drives a real terminal), with the screen made to fail on mount.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

import pytest

from coach.crash import CRASH_STATUS

REPO = Path(__file__).resolve().parents[2]

BREAK_REHEARSE = (
    "import coach.ui.rehearse as r\n"
    "def broken(self): raise RuntimeError('the card broke')\n"
    "r.RehearseApp.render_drill = broken\n"
)
BREAK_WATCH = (
    "import coach.ui.watch as w\n"
    "def broken(self, app, path): raise RuntimeError('the watcher broke')\n"
    "w.WatchedRun.__init__ = broken\n"
)
BREAK_RUN = (
    "import coach.ui.screens.content_note as n\n"
    "def broken(self): raise RuntimeError('the note broke')\n"
    "n.ContentNoteScreen.compose = broken\n"
)


ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def _run_on_a_terminal(code: str, home: Path) -> tuple[int, str, str]:
    """Run `code` on a 100x30 pseudo-terminal: (status, everything written, what was
    written after the app's last escape sequence, i.e. once it gave the terminal back)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = dict(os.environ, COACH_HOME=str(home), TERM="xterm-256color")
    env.pop("TEXTUAL", None)
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdin=slave, stdout=slave, stderr=slave, cwd=REPO, env=env
    )
    os.close(slave)
    chunks: list[bytes] = []

    def drain() -> None:  # read what the app draws, or the child blocks on a full terminal
        try:
            while chunk := os.read(master, 65536):
                chunks.append(chunk)
        except OSError:  # the terminal closed with the child
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        child.wait(timeout=60)
    finally:
        child.kill()
        reader.join(timeout=5)
        os.close(master)
    written = b"".join(chunks).decode("utf-8", "replace")
    ends = [m.end() for m in ESCAPE.finditer(written)]
    after = written[ends[-1] if ends else 0 :].replace("\r\n", "\n")
    return child.returncode, written, after


@pytest.mark.parametrize(
    ("breaks", "argv", "where"),
    [
        (BREAK_REHEARSE, ["coach", "rehearse", "tour"], "coach rehearse"),
        (BREAK_WATCH, ["coach", "run", "--watch", "tour"], "coach run --watch"),
        (BREAK_RUN, ["coach", "run", "tour"], "coach run"),
        (BREAK_RUN, ["coach", "present", "tour"], "coach present"),
    ],
)
def test_a_crashed_screen_exits_non_zero_with_one_line(
    breaks: str, argv: list[str], where: str, coach_home: Path
) -> None:
    code = f"{breaks}import sys\nsys.argv = {argv!r}\nfrom coach.entry import main\nmain()\n"
    status, written, after = _run_on_a_terminal(code, coach_home)
    assert status == CRASH_STATUS, written
    assert "Traceback" not in written
    assert after.count("\n") == 1 and after.startswith(f"coach: {where} failed unexpectedly")
    report = Path(after.split("the full report is in ", 1)[1].strip())
    assert report.stat().st_mode & 0o777 == 0o600
    assert "broke" in report.read_text()
