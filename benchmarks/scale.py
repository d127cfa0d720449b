"""A real session resumes and exports at once; big inputs stay linear.

A two-hour session (about 5,000 events) resumes and exports within 100 ms
each; a 10,000-step lesson validates, and a 100,000-event journal resumes and
exports, within 2 s each, with a flat time per item.

Why: lessons are shared and grow; a journal grows by a few events a second for
as long as a person keeps a session going, and `resume` replays all of it
before the first frame. A real session is what a person waits on; the big
sizes are far past any real use and only guard against a quadratic corner
(re-sorting a tuple on every event, hashing a whole lesson on every lookup),
which would only show at these sizes. So each figure is timed at three
sizes, and the time *per item* must stay flat: the spread (slowest per-item
time over the fastest) within 2x.

Timed in-process (median of 3, after a garbage collection), on inputs
generated here: `big_lesson` for validate; a simulated person driving the
engine over a long generated lesson on a `FakeClock`, written with the real
`JournalWriter`, for resume and export. ``--quick`` uses sizes ten times
smaller and scales the time budget with them.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks._common import Row, big_lesson, fmt_ratio, median, scratch, verdict, write

BUDGET = 2.0  # seconds at the full size
REAL_EVENTS = 5_000  # a two-hour session: about 40 events a minute
REAL_BUDGET = 0.1
SPREAD = 2.0  # slowest per-item time / fastest
LESSON_SIZES = (1_000, 3_000, 10_000)
JOURNAL_SIZES = (10_000, 30_000, 100_000)
QUICK_DIVISOR = 10


def _time(fn: Callable[[], object], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return median(times)


def _row(figure: str, unit: str, sizes: Sequence[int], seconds: Sequence[float], full: int) -> Row:
    per = [s / n for s, n in zip(seconds, sizes, strict=True)]
    spread = max(per) / min(per)
    budget = BUDGET * sizes[-1] / full
    ok = seconds[-1] <= budget and spread <= SPREAD
    per_text = "/".join(f"{p * 1e6:.1f}" for p in per)
    size_text = "/".join(f"{n:,}" for n in sizes)
    return Row(
        figure=figure,
        baseline="-",
        value=f"{seconds[-1]:.2f} s, spread {fmt_ratio(spread)}",
        target=f"<= {budget:g} s, spread <= {SPREAD:g}x",
        status=verdict(ok),
        detail=(
            f"{size_text} {unit}: {' / '.join(f'{s:.3f}' for s in seconds)} s; "
            f"per {unit.rstrip('s')} {per_text} µs"
        ),
    )


def _sizes(full: Sequence[int], divisor: int) -> tuple[int, ...]:
    return tuple(max(1, n // divisor) for n in full)


def validate_row(divisor: int, folder: Path) -> Row:
    from coach.lesson.loader import load_lesson

    sizes = _sizes(LESSON_SIZES, divisor)
    seconds = []
    for n in sizes:
        path = write(folder / f"lesson-{n}.yaml", big_lesson(n))
        seconds.append(_time(lambda path=path: load_lesson(path)))  # type: ignore[misc]
    figure = f"validate a {sizes[-1]:,}-step lesson"
    return _row(figure, "steps", sizes, seconds, LESSON_SIZES[-1])


def make_journals(folder: Path, sizes: Sequence[int]) -> tuple[object, Path, list[Path]]:
    """One journal per size (each a prefix of one long simulated session).

    Returns the lesson, its file and the journal paths. The session never ends,
    so every journal can be resumed.
    """
    from benchmarks._drive import simulate
    from coach.engine.clock import FakeClock
    from coach.engine.events import event_to_dict
    from coach.engine.session import Session
    from coach.journal.header import header_for_lesson
    from coach.journal.writer import JournalWriter
    from coach.lesson.loader import load_lesson

    most = max(sizes)
    steps = most // 18 + 60  # about 23 events a step with 20-breath holds
    lesson_path = write(folder / "journal-lesson.yaml", big_lesson(steps, hold_breaths=20))
    lesson = load_lesson(lesson_path)
    clock = FakeClock()
    session = Session(lesson, clock)
    simulate(session, clock, 1e12, frame_hz=None, max_events=most)
    if len(session.events) < most or session.state.status == "ended":
        raise RuntimeError(f"the simulated session made only {len(session.events)} events")
    dicts = [event_to_dict(ev) for ev in session.events[:most]]
    paths = []
    for n in sizes:
        directory = folder / f"sessions-{n}"
        writer = JournalWriter.create(header_for_lesson(lesson, lesson_path), directory)
        for data in dicts[:n]:
            writer.append(data, durable=False)
        writer.close()
        if not writer.saved:
            raise RuntimeError(f"cannot write the benchmark journal: {writer.problem}")
        paths.append(writer.path)
    return lesson, lesson_path, paths


def _resume(lesson: object, path: Path) -> None:
    from coach.live import LiveSession

    session = LiveSession.resume(lesson, path)  # type: ignore[arg-type]
    session.close()


def _exporter() -> Callable[[Path, object], str] | None:
    try:
        from coach.report import files as export
    except ImportError:
        return None
    fn = getattr(export, "export_file", None)
    return fn if callable(fn) else None


def _real_row(what: str, seconds: float, events: int) -> Row:
    length = "two-hour" if events == REAL_EVENTS else "short"
    return Row(
        figure=f"{what} a {length} session ({events:,} events)",
        baseline="-",
        value=f"{seconds * 1000:.0f} ms, {fmt_ratio(seconds / REAL_BUDGET)} budget",
        target=f"<= {REAL_BUDGET * 1000:.0f} ms",
        status=verdict(seconds <= REAL_BUDGET),
        detail=f"median of 3, in-process, {events:,} events",
    )


def journal_rows(divisor: int, folder: Path) -> list[Row]:
    sizes = _sizes(JOURNAL_SIZES, divisor)
    # The smoke test's tiny sizes scale the real session down too.
    real_events = REAL_EVENTS if divisor <= QUICK_DIVISOR else REAL_EVENTS // divisor
    # The real session walks a lesson of its own length (about 340 steps for
    # two hours); the big journals share one lesson long enough for 100k events.
    real_folder = folder / "real"
    real_folder.mkdir()
    real_lesson, _, (real,) = make_journals(real_folder, (real_events,))
    lesson, _, paths = make_journals(folder, sizes)
    exporter = _exporter()
    rows = [_real_row("resume", _time(lambda: _resume(real_lesson, real)), real_events)]
    if exporter is not None:
        rows.append(_real_row("export", _time(lambda: exporter(real, real_lesson)), real_events))
    resume = [_time(lambda p=p: _resume(lesson, p)) for p in paths]  # type: ignore[misc]
    rows += [
        _row(
            f"resume (replay) a {sizes[-1]:,}-event journal",
            "events",
            sizes,
            resume,
            JOURNAL_SIZES[-1],
        )
    ]
    figure = f"export a {sizes[-1]:,}-event journal"
    if exporter is None:
        rows.append(
            Row.pending(figure, "-", f"<= {BUDGET:g} s", "coach.journal.export is not there yet")
        )
    else:
        spent = [_time(lambda p=p: exporter(p, lesson)) for p in paths]  # type: ignore[misc]
        rows.append(_row(figure, "events", sizes, spent, JOURNAL_SIZES[-1]))
    return rows


def run(
    quick: bool = False,
    only: Sequence[str] = ("validate", "replay", "export"),
    divisor: int | None = None,
) -> list[Row]:
    """The scale rows; sizes are the full ones divided by `divisor` (quick: 10)."""
    divisor = divisor or (QUICK_DIVISOR if quick else 1)
    rows: list[Row] = []
    with scratch() as folder:
        if "validate" in only:
            rows.append(validate_row(divisor, folder))
        if "replay" in only or "export" in only:
            rows.extend(journal_rows(divisor, folder))
    return rows


if __name__ == "__main__":
    from benchmarks._common import script_main

    script_main(run)
