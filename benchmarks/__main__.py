"""`python -m benchmarks [--quick] [--only NAME[,NAME...]]`: every figure, one table.

Why a runner: the figures only mean something side by side and against their
targets, and a person (or CI) wants one command and one table with PASS/FAIL.
Each figure still lives in its own script (`python -m benchmarks.startup`).

The real-clock lateness figures (breath phases, audio cues) each sleep through a
10-minute hold, so they run in child processes from the start, beside the others
(they use almost no CPU and are themselves tests of timing under load), and
their rows are collected at the end.
A script that fails prints an ERROR row; the others still run.

Exit status: 0 when every row passes or is pending, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict

from benchmarks._common import PYTHON, REPO, Row, print_rows

# name -> (what it measures, how to run it)
NAMES: dict[str, str] = {
    "startup": "coach run: first painted frame vs the peer (tuitorial) and the stack floor",
    "cli": "coach --help / validate vs the stack floor doing the same work",
    "tui": "CPU in a hold and on a quiet step, peak RSS (tmux, 60 s windows)",
    "lateness": "breath-phase lateness and drift on the real clock (10-minute hold)",
    "memory": "RSS growth from minute 10 to 60 of a simulated session",
    "validate": "validate lessons of 1k/3k/10k steps",
    "replay": "resume (replay) journals of 10k/30k/100k events",
    "export": "export journals of 10k/30k/100k events",
    "audio_render": "coach audio: render the guided lesson's audio guide (time, size)",
    "serve_scale": "coach serve with many viewers: memory, CPU, delivery delay",
    "audio_lateness": "audio cue onset lateness and drift on the real clock (10-minute hold)",
}
ORDER = (
    "startup",
    "cli",
    "tui",
    "memory",
    "validate",
    "replay",
    "export",
    "audio_render",
    "serve_scale",
    "lateness",
    "audio_lateness",
)
BACKGROUND = ("lateness", "audio_lateness")  # they sleep on the real clock: started first


def _runner(
    name: str, quick: bool, only: set[str], divisor: int | None = None
) -> Callable[[], list[Row]]:
    if name == "startup":
        from benchmarks import startup

        return lambda: startup.run(quick)
    if name == "cli":
        from benchmarks import cli_startup

        return lambda: cli_startup.run(quick)
    if name == "tui":
        from benchmarks import tui

        return lambda: tui.run(quick)
    if name == "memory":
        from benchmarks import memory

        return lambda: memory.run(quick)
    if name == "lateness":
        from benchmarks import lateness

        return lambda: lateness.run(quick)
    if name == "audio_lateness":
        from benchmarks import audio_lateness

        return lambda: audio_lateness.run(quick)
    if name == "audio_render":
        from benchmarks import audio_render

        return lambda: audio_render.run(quick)
    if name == "serve_scale":
        from benchmarks import serve_scale

        return lambda: serve_scale.run(quick)
    from benchmarks import scale

    parts = tuple(n for n in ("validate", "replay", "export") if n in only)
    return lambda: scale.run(quick, parts, divisor)


def _error(name: str, exc: BaseException) -> Row:
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return Row(name, "-", "-", "-", "ERROR", text.replace("\n", " ")[:300])


def machine() -> str:
    import os

    try:
        import textual

        textual_version = textual.__version__
    except ImportError:  # pragma: no cover
        textual_version = "?"
    return (
        f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, textual {textual_version}, {platform.system()} "
        f"{platform.release()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, 5 s windows")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated figures: " + ", ".join(NAMES),
    )
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument(
        "--divisor",
        type=int,
        default=None,
        help="divide the scale sizes by this (default 1, --quick 10; the smoke test uses 100)",
    )
    args = parser.parse_args(argv)
    only = {n.strip() for n in args.only.split(",") if n.strip()} or set(NAMES)
    unknown = only - set(NAMES)
    if unknown:
        parser.error(f"unknown figure(s) {', '.join(sorted(unknown))}; use: {', '.join(NAMES)}")

    if not args.json:
        print(f"coach benchmarks ({'quick' if args.quick else 'full'}): {machine()}", flush=True)

    # the lateness figures sleep through their holds: start them first, in the background
    background: dict[str, subprocess.Popen[str]] = {}
    for name in BACKGROUND:
        if name in only and len(only) > 1:
            cmd = [PYTHON, "-m", "benchmarks", "--json", "--only", name]
            if args.quick:
                cmd.append("--quick")
            background[name] = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, text=True)

    rows: list[Row] = []
    done_scale = False
    for name in ORDER:
        if name not in only or name in background:
            continue
        if name in ("validate", "replay", "export"):
            if done_scale:
                continue
            done_scale = True
        start = time.perf_counter()
        try:
            new = _runner(name, args.quick, only, args.divisor)()
        except Exception as exc:
            new = [_error(name, exc)]
        rows.extend(new)
        if not args.json:
            print(f"  {name}: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)

    for name, child in background.items():
        out, _ = child.communicate()
        try:
            rows.extend(Row(**data) for data in json.loads(out))
        except (ValueError, TypeError) as exc:
            rows.append(_error(name, exc))

    if args.json:
        print(json.dumps([asdict(r) for r in rows]))
    else:
        print()
        print_rows(rows)
    return 0 if all(r.status in ("PASS", "PENDING") for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
