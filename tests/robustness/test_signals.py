"""SIGTERM and SIGHUP (the terminal closed) save the session and exit cleanly.

`coach run tour` runs under a pseudo-terminal, a person presses a few keys,
then the signal comes: the app must exit within seconds without a traceback,
and the journal must read back whole (no torn line, no warning) with the
events so far and be offered for `coach resume`.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from coach.journal.reader import read_journal
from coach.journal.sessions import latest_interrupted

from ..conftest import REPO


class PtyApp:
    """A `python -m coach ...` child on a fresh pty; everything it writes is kept."""

    def __init__(
        self, args: list[str], home: Path, *, size: tuple[int, int] = (100, 30), **env: str
    ) -> None:
        master, slave = os.openpty()
        cols, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        base = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "COACH_HOME": str(home),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "PYTHONPATH": str(REPO),
        }
        base.update(env)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "coach", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=REPO,
            env=base,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self._out = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # EIO once the child has gone
                return
            if not chunk:
                return
            with self._lock:
                self._out += chunk

    @property
    def output(self) -> str:
        with self._lock:
            return self._out.decode("utf-8", "replace")

    def wait_for(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.output:
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared; output:\n{self.output[-3000:]}")

    def keys(self, data: str, pause: float = 0.4) -> None:
        os.write(self.master, data.encode())
        time.sleep(pause)

    def wait(self, timeout: float) -> int:
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self._reader.join(timeout=2)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self._reader.join(timeout=2)
        with contextlib.suppress(OSError):
            os.close(self.master)


def _journals(home: Path) -> list[Path]:
    return sorted((home / "data" / "sessions").glob("*.jsonl"))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signal_saves_and_exits_cleanly(sig: signal.Signals, coach_home: Path) -> None:
    app = PtyApp(["run", "tour"], coach_home)
    try:
        app.wait_for("gentle breathing")  # the content note
        app.keys("\r", pause=0.8)  # agree: the lesson starts (a press within 0.6 s is refused)
        app.wait_for("Arrive")
        app.keys("\r")  # Next: the checklist
        app.keys("x")  # tick the first item
        started = time.monotonic()
        app.proc.send_signal(sig)
        code = app.wait(timeout=10)
        took = time.monotonic() - started
    finally:
        app.close()
    out = app.output
    assert took < 5, f"took {took:.1f} s to exit"
    assert code == 128 + sig, out[-2000:]
    assert "Traceback" not in out and "Error" not in out, out[-3000:]

    (path,) = _journals(coach_home)
    journal = read_journal(path)
    assert journal.warnings == []
    types = [e["type"] for e in journal.events]
    assert types[0] == "SessionStarted"
    assert types.count("StepEntered") >= 2
    assert "ChecklistToggled" in types
    assert "SessionEnded" not in types
    interrupted = latest_interrupted()
    assert interrupted is not None and interrupted.path == path


REVIEW_ONLY = """\
id: review-only
title: Review only
summary: One review step.
minutes: 1
sections:
  - title: End
    steps:
      - kind: review
        title: Looking back
        prompts: [What did you notice?]
"""


def test_review_text_on_screen_for_0_3_s_survives_sigkill(coach_home: Path) -> None:
    lesson = coach_home / "review-only.yaml"
    lesson.write_text(REVIEW_ONLY, encoding="utf-8")
    app = PtyApp(["run", str(lesson)], coach_home)
    try:
        app.wait_for("What did you notice?")
        os.write(app.master, b"slower at six")
        app.wait_for("slower at six")
        shown = time.monotonic()
        (path,) = _journals(coach_home)
        saved = False
        while time.monotonic() < shown + 0.3 and not saved:  # the text's 0.3 s on screen
            saved = b"slower at six" in path.read_bytes()
            time.sleep(0.02)
        app.proc.kill()  # SIGKILL: nothing is flushed on the way out
        app.wait(timeout=10)
    finally:
        app.close()
    texts = [e["text"] for e in read_journal(path).events if e["type"] == "ReviewSaved"]
    assert texts and texts[-1] == "slower at six"
