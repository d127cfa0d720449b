"""Terminals for the TUI benchmarks: a bare pseudo-terminal, and tmux.

Why two: "first painted frame" wants the exact moment the frame's text reaches
the terminal, with nothing else competing for the two cores, so the app gets a
pty of its own and we `select()` on its output (no polling process). The CPU
and memory windows want a real terminal emulator on the other end that keys
can be sent to, for a minute at a time, so they use tmux (on a private socket,
so no one else's tmux is touched).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import shlex
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

COLS, ROWS = 100, 30


def _make_controlling(fd: int) -> None:
    os.setsid()
    fcntl.ioctl(fd, termios.TIOCSCTTY, 0)


def first_frame(
    cmd: Sequence[str],
    expect: str,
    env: dict[str, str],
    cwd: Path | None = None,
    timeout: float = 30.0,
) -> float:
    """Seconds from spawning `cmd` on a fresh 100x30 pty until `expect` is written.

    Includes process start, every import and the first render: what a person
    waits for. The app is killed as soon as the text appears.
    """
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    needle = expect.encode()
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=cwd,
        close_fds=True,
        preexec_fn=lambda: _make_controlling(0),  # the pty becomes its controlling tty
    )
    os.close(slave)
    seen = b""
    try:
        while True:
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise TimeoutError(f"{expect!r} not seen within {timeout} s: {seen[-400:]!r}")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed the pty (it exited)
                data = b""
            if not data:
                raise RuntimeError(f"{cmd} exited before painting {expect!r}: {seen[-400:]!r}")
            seen = seen[-len(needle) :] + data
            if needle in seen:
                return time.perf_counter() - start
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        os.close(master)


class Tmux:
    """A private tmux server (its own socket) whose sessions run measured apps."""

    def __init__(self) -> None:
        self.socket = f"coach-bench-{os.getpid()}"
        self._n = 0

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def start(self, cmd: Sequence[str], env: dict[str, str], cwd: Path | None = None) -> Pane:
        """Run `cmd` in a new 100x30 session; the pane's process *is* the app (exec)."""
        self._n += 1
        name = f"s{self._n}"
        keep = ("COACH_HOME", "PATH", "VIRTUAL_ENV", "PYTHONPATH", "COLORTERM", "TEXTUAL_FPS")
        assigns = [f"{k}={env[k]}" for k in keep if k in env]
        line = "exec env " + shlex.join([*assigns, *cmd])
        pid = self._tmux(
            "new-session",
            "-d",
            "-x",
            str(COLS),
            "-y",
            str(ROWS),
            "-s",
            name,
            "-c",
            str(cwd or Path.cwd()),
            "-P",
            "-F",
            "#{pane_pid}",
            line,
        ).strip()
        return Pane(self, name, int(pid))

    def kill_server(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            self._tmux("kill-server")


class Pane:
    """One app running in a tmux session."""

    def __init__(self, tmux: Tmux, name: str, pid: int) -> None:
        self.tmux = tmux
        self.name = name
        self.pid = pid

    def text(self) -> str:
        return self.tmux._tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, expect: str, timeout: float = 30.0, interval: float = 0.05) -> str:
        """Poll the screen until `expect` shows; the screen's text."""
        end = time.monotonic() + timeout
        while True:
            screen = self.text()
            if expect in screen:
                return screen
            if time.monotonic() > end:
                raise TimeoutError(f"{expect!r} not on screen within {timeout} s:\n{screen}")
            if not Path(f"/proc/{self.pid}").exists():
                raise RuntimeError(f"the app exited before showing {expect!r}:\n{screen}")
            time.sleep(interval)

    def keys(self, *keys: str) -> None:
        self.tmux._tmux("send-keys", "-t", self.name, *keys)

    def kill(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.tmux._tmux("kill-session", "-t", self.name)
        # the app gets SIGHUP; make sure it is gone before the next measurement
        for _ in range(100):
            if not Path(f"/proc/{self.pid}").exists():
                return
            time.sleep(0.02)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)


@contextlib.contextmanager
def tmux_server() -> Iterator[Tmux]:
    tmux = Tmux()
    try:
        yield tmux
    finally:
        tmux.kill_server()
