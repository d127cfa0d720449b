"""What every benchmark script shares: rows, process measurements, generators.

Why this module exists: the laptop beside the table is a shared 2-core box in
CI and development, so an absolute number means little. Every figure is a
*ratio* against a baseline measured in the same run, interleaved, with medians;
and memory and CPU are read the way the OS reports them for the whole process
(``/proc/PID/...``), from outside, so a measurement never perturbs what it
measures with its own imports or threads.

Nothing here imports Textual or the UI; scripts import what they need lazily.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

REPO = Path(__file__).resolve().parent.parent
BASELINES = Path(__file__).resolve().parent / "baselines"
PYTHON = sys.executable

Status = Literal["PASS", "FAIL", "PENDING", "ERROR"]


@dataclass(frozen=True)
class Row:
    """One line of the table: a figure, its baseline, what we measured, the target."""

    figure: str
    baseline: str
    value: str  # the ratio ("1.12x") or the value ("23 ms"); "-" when pending
    target: str
    status: Status
    detail: str = ""  # the raw numbers behind the ratio, for the README and for profiling

    @staticmethod
    def pending(figure: str, baseline: str, target: str, why: str) -> Row:
        return Row(figure, baseline, "-", target, "PENDING", why)


def verdict(ok: bool) -> Status:
    return "PASS" if ok else "FAIL"


def ratio(subject: float, baseline: float) -> float:
    return subject / baseline if baseline > 0 else float("inf")


def fmt_ratio(value: float) -> str:
    return f"{value:.2f}x"


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0..100), nearest-rank on the sorted values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


# --------------------------------------------------------------------------- /proc


CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_ticks_seconds(pid: int) -> float:
    """utime + stime of the whole process (every thread, dead ones too), in seconds.

    Resolution is one clock tick (10 ms); use `cpu_ns` for short windows.
    """
    raw = Path(f"/proc/{pid}/stat").read_text()
    fields = raw[raw.rindex(")") + 2 :].split()
    # after "pid (comm) ": state is fields[0]; utime is stat field 14 -> index 11
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def cpu_ns(pid: int) -> int:
    """CPU time of every live thread of `pid`, in ns, from ``/proc/PID/task/*/schedstat``.

    The scheduler's own accounting: nanosecond resolution, so a 5-second window
    of a nearly idle app still gives a usable number (utime+stime would be a
    handful of 10 ms ticks). Threads that exit inside a window are lost, which
    for a steady app (Textual's input and writer threads live as long as it)
    does not happen.
    """
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError, ValueError, IndexError):
            total += int((task / "schedstat").read_text().split()[0])
    return total


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS, VmHWM, ... from ``/proc/PID/status``, in KiB."""
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key.startswith("Vm") and rest.strip().endswith("kB"):
            out[key] = int(rest.split()[0])
    return out


def rss_kib(pid: int) -> int:
    return proc_status(pid)["VmRSS"]


def hwm_kib(pid: int) -> int:
    return proc_status(pid)["VmHWM"]


# --------------------------------------------------------------------------- environment


@contextlib.contextmanager
def scratch(prefix: str = "coach-bench-") -> Iterator[Path]:
    """A temporary folder that is removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def child_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a measured child: its own COACH_HOME, a plain terminal."""
    env = dict(os.environ)
    env.update(
        COACH_HOME=str(home),
        TERM="xterm-256color",
        COLORTERM="truecolor",
        PYTHONDONTWRITEBYTECODE="",
    )
    env.pop("PYTHONDONTWRITEBYTECODE")
    env.pop("TEXTUAL", None)  # no devtools
    env.update(extra)
    return env


def wall(cmd: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> float:
    """Whole-process wall time of `cmd` in seconds (raises if it fails)."""
    start = time.perf_counter()
    subprocess.run(
        cmd, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    return time.perf_counter() - start


def interleave(
    runs: int, baseline: Callable[[], float], subject: Callable[[], float], warmup: int = 1
) -> tuple[list[float], list[float]]:
    """Baseline, subject, baseline, subject, ...; `warmup` pairs are thrown away."""
    base: list[float] = []
    subj: list[float] = []
    for i in range(warmup + runs):
        b = baseline()
        s = subject()
        if i >= warmup:
            base.append(b)
            subj.append(s)
    return base, subj


def imports_textual(cmd: Sequence[str], env: dict[str, str] | None = None) -> bool:
    """Whether `cmd` (a python command line) imports any `textual` module.

    Runs it once with ``-X importtime``, outside the timed runs.
    """
    assert cmd[0] == PYTHON
    done = subprocess.run(
        [PYTHON, "-X", "importtime", *cmd[1:]],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in done.stderr.splitlines():
        name = line.rpartition("|")[2].strip()
        if name == "textual" or name.startswith("textual."):
            return True
    return False


# --------------------------------------------------------------------------- lessons


def hold_lesson(
    positions: int = 12,
    breaths: int = 10,
    inhale: float = 4.0,
    exhale: float = 6.0,
    between: float = 2.0,
    *,
    holds: int = 1,
    lead_in: bool = True,
    lesson_id: str = "bench-hold",
) -> str:
    """YAML of a lesson whose work is `holds` long hold steps.

    With `lead_in`, an instruction step comes first: a step screen with no
    timer, and one key press away from the hold.
    """
    hours = [12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11][:positions]
    lines = [
        "format: 1",
        f"id: {lesson_id}",
        "title: Benchmark hold",
        "summary: A generated lesson for the benchmarks.",
        "minutes: 600",
        f"pace: {{inhale: {inhale}, exhale: {exhale}}}",
        "sections:",
        "  - title: Hold",
        "    steps:",
    ]
    if lead_in:
        lines += [
            "      - title: Get ready",
            "        do: Nothing runs on this step; it waits for you.",
        ]
    for h in range(holds):
        lines += [
            f"      - id: hold-{h}",
            "        kind: hold",
            f"        title: Long hold {h + 1}",
            "        do: Breathe with the pacer.",
            "        depth: surface",
            "        lead_in: false",
            f"        positions: [{', '.join(map(str, hours))}]",
            f"        breaths: {breaths}",
            f"        between: {{action: reposition, seconds: {between}}}",
        ]
    lines += ["      - kind: review", "        title: Review"]
    return "\n".join(lines) + "\n"


_KINDS = ("instruction", "checklist", "open", "timed", "hold", "checkin", "feedback")


def big_lesson(steps: int, lesson_id: str = "bench-big", hold_breaths: int = 1) -> str:
    """YAML of a lesson of `steps` steps of every kind, 50 steps per section.

    `hold_breaths` makes the holds (one step in seven) longer: the journal
    benchmarks use it to reach 100,000 events without a huge lesson.

    Check-ins route to the step after them (a `goto`), so reference checking
    has real work to do at every size.
    """
    lines = [
        "format: 1",
        f"id: {lesson_id}",
        "title: Benchmark lesson",
        "summary: A generated lesson for the scale benchmarks.",
        "minutes: 600",
        "pace: {inhale: 4, exhale: 6}",
        "reminders:",
        "  - {when: every, minutes: 5, text: Check in with the receiver.}",
        "sections:",
    ]
    for i in range(steps):
        if i % 50 == 0:
            lines += [f"  - title: Section {i // 50 + 1}", "    steps:"]
        kind = _KINDS[i % len(_KINDS)] if i < steps - 1 else "review"
        lines += [
            f"      - id: s{i}",
            f"        kind: {kind}",
            f"        title: Step {i} of the generated lesson",
            "        do: >-",
            "          Do the thing this step describes, slowly, and watch how the",
            "          receiver breathes before you go on.",
            "        cue: The breath slows.",
        ]
        if kind in ("checklist", "feedback"):
            lines.append("        items: [first thing, second thing, third thing]")
        elif kind == "open":
            lines.append("        suggested_seconds: 30")
        elif kind == "timed":
            lines.append("        seconds: 20")
        elif kind == "hold":
            lines += [
                "        depth: first_knuckle",
                "        positions: [12, 3, {at: 6, breaths: 2}, 9]",
                f"        breaths: {hold_breaths}",
                "        reminders: [{when: between_positions, text: Let it go.}]",
            ]
        elif kind == "checkin":
            lines += [
                "        question: Is this comfortable?",
                f"        yes: {{goto: s{i + 1}, say: Good.}}",
                "        no: {stop: We stop here.}",
            ]
    return "\n".join(lines) + "\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def print_rows(rows: Sequence[Row], details: bool = True) -> None:
    """The table: figure, baseline, measured, target, status (and details below it)."""
    head = ("figure", "baseline", "measured", "target", "status")
    table = [head, *((r.figure, r.baseline, r.value, r.target, r.status) for r in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    for n, row in enumerate(table):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    if details:
        shown = [r for r in rows if r.detail]
        if shown:
            print()
            for r in shown:
                print(f"- {r.figure}: {r.detail}")
    sys.stdout.flush()


def script_main(run: Callable[[bool], list[Row]]) -> None:
    """`python -m benchmarks.NAME [--quick]`: run one script and print its rows."""
    quick = "--quick" in sys.argv[1:]
    print_rows(run(quick))
