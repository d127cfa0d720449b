"""Resident memory is flat once a session has warmed up: minute 10 to minute 60.

Why: coach runs for 30-60 minutes beside the table; anything that grows per
frame or per event (a cache without a bound, a list of renderables, a timer
never stopped) would show up as a slowly swelling process. A session does keep
its events (that is the design: the session *is* its event list), a few
hundred small records in half an hour; so the target allows 1 MiB of growth
over the fifty minutes after warm-up (the first ten minutes fill Textual's
and Python's bounded caches), measured as the OS reports it (VmRSS), from
outside.

A child process runs a simulated session on a `FakeClock` at 10 frames a
second of session time (a person stepping through every kind of step, holds
included, journaled with the real `JournalWriter`), through the real app in
`run_test` when `coach.ui` has an app to drive, else through the engine and
journal alone (`LiveSession`). At minute 10 and minute 60 it stops and waits
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

TARGET_KIB = 1 * 1024
WARM = 10  # minutes of warm-up before the first reading
MINUTES = 60
APP_FPS = 2.0  # frames per simulated second through the app (real time is the cost)


def _child_engine(lesson_path: Path, minutes: int) -> None:
    """The child: a journaled engine session, pausing for the parent at each mark."""
    from benchmarks._drive import simulate
    from coach.engine.clock import FakeClock
    from coach.lesson.loader import load_lesson
    from coach.live import LiveSession

    lesson = load_lesson(lesson_path)
    clock = FakeClock()
    session = LiveSession.start(lesson, lesson_path, clock=clock)
    marks = {_warm(minutes): _warm(minutes) * 60.0, minutes: minutes * 60.0}
    for minute, until in sorted(marks.items()):
        simulate(session, clock, until - clock.now(), frame_hz=10.0)
        print(f"mark {minute} {clock.now():.0f} {len(session.events)}", flush=True)
        sys.stdin.readline()
    session.close()


def _child_app(lesson_path: Path, minutes: int, fps: float) -> None:
    """The child: the real app in `run_test`, on a journaled session and a FakeClock.

    Every frame moves the clock, ticks the app (as its heartbeat would) and
    lets it render; the simulated person acts through `CoachApp.send`.
    """
    import asyncio

    from benchmarks._drive import act
    from coach.engine.clock import FakeClock
    from coach.lesson.loader import load_lesson
    from coach.live import LiveSession
    from coach.ui.app import CoachApp

    async def main() -> None:
        lesson = load_lesson(lesson_path)
        clock = FakeClock()
        session = LiveSession.start(lesson, lesson_path, clock=clock)
        app = CoachApp(session, clock=clock)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            for minute in sorted({_warm(minutes), minutes}):
                while clock.now() < minute * 60.0:
                    if not act(session, app.send):
                        clock.advance(1.0 / fps)
                        app.tick()
                    await pilot.pause()
                print(f"mark {minute} {clock.now():.0f} {len(session.events)}", flush=True)
                # Wait for the parent on the loop itself: time is fake, nothing is
                # due, and a reader thread (an executor's) would add its stack
                # and malloc arena to the process between the two readings.
                sys.stdin.readline()
        session.close()

    asyncio.run(main())


def _warm(minutes: int) -> int:
    return min(WARM, max(1, minutes // 5))


def ui_app_ready() -> bool:
    try:
        from coach.ui.app import CoachApp
    except ImportError:
        return False
    return hasattr(CoachApp, "send") and hasattr(CoachApp, "tick")


def run(quick: bool = False) -> list[Row]:
    through_app = ui_app_ready()
    minutes = 5 if quick and through_app else MINUTES
    warm = _warm(minutes)
    with scratch() as home:
        lesson_path = write(home / "memory.yaml", big_lesson(600, hold_breaths=5))
        mode = ["--child-app", str(APP_FPS)] if through_app else ["--child"]
        proc = subprocess.Popen(
            [PYTHON, "-m", "benchmarks.memory", *mode, str(lesson_path), str(minutes)],
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
        proc.wait(timeout=120)
    growth = rss[minutes] - rss[warm]
    through = "the app in run_test" if through_app else "engine + journal"
    return [
        Row(
            figure=f"RSS growth, minute {warm} -> {minutes} ({through})",
            baseline=f"itself at minute {warm}",
            value=f"{growth / 1024:+.2f} MiB ({rss[minutes] / rss[warm]:.3f}x)",
            target=f"<= {TARGET_KIB / 1024:g} MiB",
            status=verdict(growth <= TARGET_KIB),
            detail=(
                f"VmRSS {rss[warm] / 1024:.1f} -> {rss[minutes] / 1024:.1f} MiB; "
                f"events {events[warm]} -> {events[minutes]}"
            ),
        )
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child_engine(Path(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1:2] == ["--child-app"]:
        _child_app(Path(sys.argv[3]), int(sys.argv[4]), float(sys.argv[2]))
    else:
        from benchmarks._common import script_main

        script_main(run)
