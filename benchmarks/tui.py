"""What the running TUI costs: CPU during a hold, CPU on a quiet step, peak memory.

Why: during a 30-60 minute session the laptop sits beside the table on
battery, and the person's attention is on their hands. The hold screen (clock
dial and breath pacer, 10 frames a second) may cost no more CPU than a bare
Textual app updating one label at 10 Hz; a step screen with no timer running
should cost next to nothing, like a bare app showing static text; and the
whole app should stay close to the floor of its own stack in memory (Typer,
yaml and pydantic imported, a bare Textual app: `baselines/stack_app.py`).

Four apps run side by side in tmux (100x30) over the same windows, so they
share whatever else the machine is doing: the 10 Hz label baseline, coach in
a long generated hold (12 positions x 10 breaths, 20 minutes), the static
baseline, and coach on an instruction step (no timer). CPU is read from
``/proc/PID/task/*/schedstat`` (every thread, nanoseconds) before and after
each window; the figure is the median over windows of subject / baseline.
Peak memory is each process's VmHWM at the end; the stack floor runs in a
fifth pane for it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from benchmarks._common import (
    BASELINES,
    PYTHON,
    REPO,
    Row,
    child_env,
    cpu_ns,
    fmt_ratio,
    hold_lesson,
    hwm_kib,
    median,
    scratch,
    verdict,
    write,
)

HOLD_TARGET = 1.0
IDLE_TARGET = 1.5
PEAK_TARGET = 1.3
SETTLE = 2.0  # seconds after reaching the screen before measuring
NEXT_GUARD = 1.0  # the engine refuses Next for 0.6 s after a step starts


@dataclass
class Window:
    base10: float
    hold: float
    base_static: float
    idle: float
    seconds: float


def run(quick: bool = False) -> list[Row]:
    from benchmarks._term import tmux_server
    from benchmarks.startup import ui_ready

    figures = (
        ("CPU while a hold runs", "bare app, 10 Hz label", f"<= {HOLD_TARGET}x"),
        ("CPU on a step, no timer", "bare app, static text", f"<= {IDLE_TARGET}x"),
        (
            "peak RSS of the TUI (in a hold)",
            "stack floor: Typer + yaml + pydantic + one Static",
            f"<= {PEAK_TARGET}x",
        ),
    )
    if not ui_ready():
        return [Row.pending(f, b, t, "coach.ui is not there yet") for f, b, t in figures]
    window = 5.0 if quick else 60.0
    windows = 2 if quick else 3
    with scratch() as home, tmux_server() as tmux:
        env = child_env(home)
        lesson = write(home / "bench-hold.yaml", hold_lesson(12, 10))
        coach = [PYTHON, "-m", "coach", "run", str(lesson)]
        base10 = tmux.start([PYTHON, str(BASELINES / "label_10hz.py")], env, REPO)
        static = tmux.start([PYTHON, str(BASELINES / "static_app.py")], env, REPO)
        hold = tmux.start(coach, env, REPO)
        idle = tmux.start(coach, env, REPO)
        stack = tmux.start([PYTHON, str(BASELINES / "stack_app.py")], env, REPO)
        panes = (base10, hold, static, idle)
        try:
            for pane in panes:
                pane.wait_for("BASELINE-READY" if pane in (base10, static) else "Get ready")
            stack.wait_for("BASELINE-READY")
            time.sleep(NEXT_GUARD)
            hold.keys("Enter")
            hold.wait_for("breath 1 of 10")
            time.sleep(SETTLE)
            results: list[Window] = []
            for _ in range(windows):
                before = [cpu_ns(p.pid) for p in panes]
                start = time.perf_counter()
                time.sleep(window)
                after = [cpu_ns(p.pid) for p in panes]
                spent = time.perf_counter() - start
                used = [(a - b) / 1e9 / spent for a, b in zip(after, before, strict=True)]
                results.append(Window(*used, seconds=spent))
            screen = hold.text()
            if "breath" not in screen:
                raise RuntimeError(f"the hold ended before the measurement did:\n{screen}")
            peaks = {p.pid: hwm_kib(p.pid) for p in (*panes, stack)}
        finally:
            for pane in (*panes, stack):
                pane.kill()

    def cpu_row(n: int, subject: list[float], base: list[float], target: float) -> Row:
        r = median([s / b for s, b in zip(subject, base, strict=True)])
        figure, baseline, target_text = figures[n]
        return Row(
            figure=f"{figure}, {windows}x{window:g} s",
            baseline=baseline,
            value=fmt_ratio(r),
            target=target_text,
            status=verdict(r <= target),
            detail=(
                f"median {median(subject) * 100:.2f}% vs {median(base) * 100:.2f}% of a core; "
                f"windows: "
                + ", ".join(
                    f"{s * 100:.2f}/{b * 100:.2f}%" for s, b in zip(subject, base, strict=True)
                )
            ),
        )

    rows = [
        cpu_row(0, [w.hold for w in results], [w.base10 for w in results], HOLD_TARGET),
        cpu_row(1, [w.idle for w in results], [w.base_static for w in results], IDLE_TARGET),
    ]
    peak = max(peaks[hold.pid], peaks[idle.pid])
    base_peak = peaks[stack.pid]
    r = peak / base_peak
    figure, baseline, target_text = figures[2]
    rows.append(
        Row(
            figure=figure,
            baseline=baseline,
            value=fmt_ratio(r),
            target=target_text,
            status=verdict(r <= PEAK_TARGET),
            detail=(
                f"VmHWM {peak / 1024:.1f} MiB vs {base_peak / 1024:.1f} MiB "
                f"(bare static app {peaks[static.pid] / 1024:.1f} MiB, "
                f"10 Hz label app {peaks[base10.pid] / 1024:.1f} MiB)"
            ),
        )
    )
    return rows


if __name__ == "__main__":
    from benchmarks._common import script_main

    script_main(run)
