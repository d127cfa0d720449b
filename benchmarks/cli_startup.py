"""`coach --help` and `coach validate` cost about what their stack's floor costs.

Why: these commands are typed in a shell, often in a loop (an author fixing a
lesson), and must never pay for Textual (about 200 ms). The baseline is the
floor of our own stack doing the same visible work, run interleaved with the
command itself: the one-command Typer app of `baselines/stack_app.py` printing
its help, and `baselines/stack_validate.py`, a Typer app that checks each YAML
file of the folder with PyYAML and a small pydantic model. The figure is the
ratio of the medians of whole-process wall time. A separate ``-X importtime``
run checks that no ``textual`` module is imported at all.
"""

from __future__ import annotations

from benchmarks._common import (
    BASELINES,
    PYTHON,
    REPO,
    Row,
    child_env,
    fmt_ratio,
    imports_textual,
    interleave,
    median,
    ratio,
    scratch,
    verdict,
    wall,
)

TARGET = 1.3
LESSONS = REPO / "lessons"

# figure, coach's arguments, the baseline script and its arguments as shown
CASES: tuple[tuple[str, list[str], str, str], ...] = (
    ("coach --help", ["--help"], "stack_validate.py", "--help"),
    ("coach validate lessons/", ["validate", str(LESSONS)], "stack_validate.py", "lessons/"),
)


def run(quick: bool = False) -> list[Row]:
    runs = 5 if quick else 21
    rows: list[Row] = []
    with scratch() as home:
        env = child_env(home)
        for figure, args, script, script_arg in CASES:
            subject = [PYTHON, "-m", "coach", *args]
            baseline = [PYTHON, str(BASELINES / script), args[-1]]
            base, subj = interleave(
                runs,
                lambda baseline=baseline: wall(baseline, env, REPO),  # type: ignore[misc]
                lambda subject=subject: wall(subject, env, REPO),  # type: ignore[misc]
            )
            r = ratio(median(subj), median(base))
            textual = imports_textual(subject, env)
            status = verdict(r <= TARGET and not textual)
            rows.append(
                Row(
                    figure=figure,
                    baseline=f"stack floor: {script} {script_arg}",
                    value=fmt_ratio(r) + (", imports Textual!" if textual else ", no Textual"),
                    target=f"<= {TARGET}x, no Textual",
                    status=status,
                    detail=(
                        f"median {median(subj) * 1000:.0f} ms vs {median(base) * 1000:.0f} ms "
                        f"over {runs} interleaved runs"
                    ),
                )
            )
    return rows


if __name__ == "__main__":
    from benchmarks._common import script_main

    script_main(run)
