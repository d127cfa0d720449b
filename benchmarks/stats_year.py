"""`python -m benchmarks.stats_year`: opening the practice history after a year of practice.

A learner who practised every day for a year has 365 session journals and a
drill memory of 10,000 reviews. Opening `coach stats` must still feel
instant: the target is under 0.5 s for the whole command in a fresh process
(Python start-up, imports, reading every journal and the memory, folding,
drawing the charts and tables), median of five runs; `coach --help` is timed
beside it as the floor of any Typer command here. Printed too: the first open
in a process (imports, every journal read) and the median of warm opens
(`load_stats` + `stats_renderable` printed to a console).

Inputs are made with the public writers: `JournalWriter` for the journals
(a run of the guided lesson each day: every step entered and left, some
skipped, feedback rated, about 100 events each) and `save_memory` for the
drill memory (reviews spread over the year across the guided lesson's cards).
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.5


def make_year(home: Path, days: int = 365, reviews: int = 10_000) -> None:
    """`days` daily journals of the guided lesson and a memory of `reviews` reviews."""
    os.environ["COACH_HOME"] = str(home)
    from coach.drill.scheduler import review_card
    from coach.drill.store import CardKey, Memory, save_memory
    from coach.journal import JournalWriter, header_for_lesson
    from coach.lesson.catalog import resolve

    lesson, path = resolve("guided")
    steps = [fs.id for fs in lesson.flat_steps()]
    start = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0) - timedelta(
        days=days - 1
    )
    for day in range(days):
        moment = (start + timedelta(days=day)).astimezone()
        header = header_for_lesson(lesson, path, "run", started=moment)
        writer = JournalWriter.create(header)
        t = 0.0
        writer.append(
            {
                "type": "SessionStarted",
                "t": t,
                "lesson_id": lesson.id,
                "lesson_version": "1",
                "step_count": len(steps),
            },
            durable=False,
        )
        for index, step in enumerate(steps):
            writer.append(
                {"type": "StepEntered", "t": t, "step_id": step, "index": index}, durable=False
            )
            t += 30.0
            if index == 5:
                writer.append(
                    {
                        "type": "Rated",
                        "t": t,
                        "step_id": step,
                        "item": 0,
                        "rating": "bad" if day % 3 else "good",
                    },
                    durable=False,
                )
            reason = "skip" if (index + day) % 17 == 0 else "next"
            writer.append(
                {"type": "StepLeft", "t": t, "step_id": step, "index": index, "reason": reason},
                durable=False,
            )
        writer.append({"type": "SessionEnded", "t": t, "reason": "finished"}, durable=False)
        writer.close()
    memory = Memory()
    for n in range(reviews):
        when = start + timedelta(minutes=n * days * 24 * 60 // reviews)
        key = CardKey(lesson.id, steps[n % len(steps)], "do" if n % 3 else "next")
        if key.ask == "next" and steps[-1] == key.step_id:
            key = key._replace(ask="do")
        review_card(memory, key, 1 + (n * 7) % 4, when)
    problem = save_memory(memory)
    if problem:
        raise SystemExit(problem)


def open_stats(days: int = 365, reviews: int = 10_000) -> float:
    """One warm open: read, fold, render to a console; seconds."""
    from rich.console import Console

    from coach.stats.load import load_stats
    from coach.stats.render import stats_renderable

    began = time.perf_counter()
    stats, _notes = load_stats()
    console = Console(file=io.StringIO(), width=100, highlight=False)
    console.print(stats_renderable(stats, width=100))
    elapsed = time.perf_counter() - began
    if (stats.overall.sessions, stats.overall.reviews) != (days, reviews):
        raise SystemExit(f"stats read the wrong inputs: {stats.overall}")
    return elapsed


def cli_once(home: Path, command: str = "stats") -> tuple[float, float]:
    """One `coach COMMAND` in a fresh process: (wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "coach", command],
        cwd=REPO,
        env={**os.environ, "COACH_HOME": str(home), "COLUMNS": "100"},
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coach-stats-year-") as tmp:
        home = Path(tmp)
        began = time.perf_counter()
        make_year(home)
        made = time.perf_counter() - began
        first = open_stats()  # imports, and every journal read (no marks cached yet)
        warm = statistics.median(open_stats() for _ in range(args.runs))
        stats_wall, stats_cpu = _median([cli_once(home) for _ in range(args.runs)])
        help_wall, help_cpu = _median([cli_once(home, "--help") for _ in range(args.runs)])
    verdict = "PASS" if stats_cpu < TARGET_SECONDS else "FAIL"
    print(f"inputs: 365 journals + 10,000 reviews made in {made:.1f} s")
    print(f"in process: first open {first * 1000:.0f} ms (imports, every journal read); ")
    print(f"            warm open {warm * 1000:.0f} ms (median of {args.runs})")
    print(
        f"`coach stats` whole process: {stats_cpu * 1000:.0f} ms CPU, {stats_wall * 1000:.0f} ms"
        f" wall (median of {args.runs}; target < {TARGET_SECONDS * 1000:.0f} ms CPU) {verdict}"
    )
    print(
        f"`coach --help` beside it:    {help_cpu * 1000:.0f} ms CPU, {help_wall * 1000:.0f} ms wall"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
