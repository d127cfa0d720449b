"""Resident memory after a 30-minute session is what it was after the first minute.

Why: coach runs for 30-60 minutes beside the table; anything that grows per
frame or per event (a cache without a bound, a list of renderables, a timer
never stopped) would show up as a slowly swelling process. A session does keep
its events (that is the design: the session *is* its event list), a few
hundred small records in half an hour; so the target allows 2 MiB of growth,
measured as the OS reports it (VmRSS), from outside.

A child process runs a simulated session on a `FakeClock` at 10 frames a
second of session time (a person stepping through every kind of step, holds
included, journaled with the real `JournalWriter`), through the real app in
`run_test` when `coach.ui` has an app to drive, else through the engine and
journal alone (`LiveSession`). At minute 1 and minute 30 it stops and waits
while the parent reads ``/proc/CHILD/status``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks._common import (
    PYTHON,
    REPO,
    Row,
    big_lesson,
    child_env,
    proc_status,
    scratch,
    verdict,
    write,
)

TARGET_KIB = 2 * 1024
MINUTES = 30


def _child_engine(lesson_path: Path, minutes: int) -> None:
    """The child: a journaled engine session, pausing for the parent at each mark."""
    from benchmarks._drive import simulate
    from coach.engine import FakeClock
    from coach.lesson.loader import load_lesson
    from coach.live import LiveSession

    lesson = load_lesson(lesson_path)
    clock = FakeClock()
    session = LiveSession.start(lesson, lesson_path, clock=clock)
    marks = {1: 60.0, minutes: minutes * 60.0}
    for minute, until in sorted(marks.items()):
        simulate(session, clock, until - clock.now(), frame_hz=10.0)
        print(f"mark {minute} {clock.now():.0f} {len(session.events)}", flush=True)
        sys.stdin.readline()
    session.close()


def run(quick: bool = False) -> list[Row]:
    # The simulated session costs real time only in computing, so --quick runs
    # the same 30 minutes; it is fast either way.
    with scratch() as home:
        lesson_path = write(home / "memory.yaml", big_lesson(300, hold_breaths=5))
        proc = subprocess.Popen(
            [PYTHON, "-m", "benchmarks.memory", "--child", str(lesson_path), str(MINUTES)],
            cwd=REPO,
            env=child_env(home),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdin is not None and proc.stdout is not None
        rss: dict[int, int] = {}
        events: dict[int, int] = {}
        for _ in range(2):
            line = proc.stdout.readline().split()
            if not line or line[0] != "mark":
                proc.kill()
                raise RuntimeError(f"the memory child stopped early: {line}")
            minute = int(line[1])
            rss[minute] = proc_status(proc.pid)["VmRSS"]
            events[minute] = int(line[3])
            proc.stdin.write("\n")
            proc.stdin.flush()
        proc.wait(timeout=60)
    growth = rss[MINUTES] - rss[1]
    return [
        Row(
            figure=f"RSS growth, minute 1 -> {MINUTES} (engine + journal)",
            baseline="itself at minute 1",
            value=f"{growth / 1024:+.2f} MiB ({rss[MINUTES] / rss[1]:.3f}x)",
            target=f"<= {TARGET_KIB / 1024:g} MiB",
            status=verdict(growth <= TARGET_KIB),
            detail=(
                f"VmRSS {rss[1] / 1024:.1f} -> {rss[MINUTES] / 1024:.1f} MiB; "
                f"events {events[1]} -> {events[MINUTES]}"
            ),
        )
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child_engine(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        from benchmarks._common import script_main

        script_main(run)
