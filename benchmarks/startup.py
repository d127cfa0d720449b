"""`coach run LESSON` paints its first frame almost as soon as a bare Textual app.

Why: the app opens with a person already on the table; every second spent
starting is a second of waiting. Textual itself costs about 200 ms to import
and mount, which we cannot avoid; coach's own share (loading and validating
the lesson, the engine, the screens and CSS) must stay small next to it.

Both apps run on a fresh 100x30 pseudo-terminal; the time is from spawning
the process until the frame's text is written to the terminal (process start,
every import, the first render). Interleaved baseline/subject runs, medians.
The runs share one COACH_HOME, so all but the first find the lesson in
coach's lesson cache, as a person's second start does; the detail also gives
the cold start (cache emptied before each run), which the ratio does not use.
"""

from __future__ import annotations

import shutil

from benchmarks._common import (
    BASELINES,
    PYTHON,
    REPO,
    Row,
    child_env,
    fmt_ratio,
    interleave,
    median,
    ratio,
    scratch,
    verdict,
)

TARGET = 1.25
LESSON = "tour"
EXPECT = "Before you start"  # the tour's first screen: its content note
BASELINE_EXPECT = "BASELINE-READY"


def ui_ready() -> bool:
    try:
        from coach.ui import launch
    except ImportError:
        return False
    return hasattr(launch, "launch_run")


def run(quick: bool = False) -> list[Row]:
    from benchmarks._term import first_frame

    figure = f"coach run {LESSON}: first painted frame"
    baseline_name = "bare Textual app, one Static"
    target = f"<= {TARGET}x"
    if not ui_ready():
        return [Row.pending(figure, baseline_name, target, "coach.ui.launch is not there yet")]
    runs = 5 if quick else 21
    with scratch() as home:
        env = child_env(home)
        base, subj = interleave(
            runs,
            lambda: first_frame(
                [PYTHON, str(BASELINES / "static_app.py")], BASELINE_EXPECT, env, REPO
            ),
            lambda: first_frame([PYTHON, "-m", "coach", "run", LESSON], EXPECT, env, REPO),
        )

        def cold() -> float:
            # The first start after a lesson (or coach) changed: nothing cached yet.
            shutil.rmtree(home / "cache", ignore_errors=True)
            return first_frame([PYTHON, "-m", "coach", "run", LESSON], EXPECT, env, REPO)

        cold_runs = [cold() for _ in range(max(3, runs // 3))]
    r = ratio(median(subj), median(base))
    return [
        Row(
            figure=figure,
            baseline=baseline_name,
            value=fmt_ratio(r),
            target=target,
            status=verdict(r <= TARGET),
            detail=(
                f"median {median(subj) * 1000:.0f} ms vs {median(base) * 1000:.0f} ms "
                f"over {runs} interleaved runs on a 100x30 pty, the lesson cache warm "
                f"(cold, the first start after an edit: {median(cold_runs) * 1000:.0f} ms)"
            ),
        )
    ]


if __name__ == "__main__":
    from benchmarks._common import script_main

    script_main(run)
