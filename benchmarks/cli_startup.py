"""`coach --help` and `coach validate` start about as fast as their libraries import.

Why: these commands are typed in a shell, often in a loop (an author fixing a
lesson), and must never pay for Textual (about 200 ms). The baseline is a bare
``python -c "import ..."`` of the libraries each command cannot avoid, run
interleaved with the command itself; the figure is the ratio of the medians of
whole-process wall time. A separate ``-X importtime`` run checks that no
``textual`` module is imported at all.
"""

from __future__ import annotations

from benchmarks._common import (
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

# command -> the libraries it cannot avoid (what coach.cli and the loader import)
CASES: tuple[tuple[str, list[str], str], ...] = (
    ("coach --help", ["--help"], "typer"),
    (
        "coach validate lessons/",
        ["validate", str(REPO / "lessons")],
        "typer, yaml, platformdirs",
    ),
)


def run(quick: bool = False) -> list[Row]:
    runs = 5 if quick else 21
    rows: list[Row] = []
    with scratch() as home:
        env = child_env(home)
        for figure, args, libs in CASES:
            subject = [PYTHON, "-m", "coach", *args]
            baseline = [PYTHON, "-c", f"import {libs}"]
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
                    baseline=f'python -c "import {libs}"',
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
