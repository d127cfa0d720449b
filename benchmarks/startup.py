"""`coach run LESSON` paints its first frame well before the peer, close to its stack's floor.

Why: the app opens with a person already on the table; every second spent
starting is a second of waiting. Two comparisons, measured side by side in one
run (stack floor, peer, coach, stack floor, peer, coach, ...; medians):

- against the closest peer, tuitorial 0.16 showing a one-step YAML tutorial
  (installed in the benchmarks' own venv, `benchmarks/peer.py`): what a person
  could pick instead;
- against the floor of our own stack (`baselines/stack_app.py`): a one-command
  Typer app that imports yaml and pydantic and runs a bare Textual app painting
  one Static. Whatever coach costs above it is coach's own work.

Each app runs on a fresh 100x30 pseudo-terminal; the time is from spawning the
process until the frame's text is written to the terminal (process start, every
import, the lesson load, the first render).
"""

from __future__ import annotations

from benchmarks._common import (
    BASELINES,
    PYTHON,
    REPO,
    Row,
    child_env,
    fmt_ratio,
    median,
    ratio,
    scratch,
    verdict,
)

PEER_TARGET = 0.5
STACK_TARGET = 1.3
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
    from benchmarks.peer import EXPECT as PEER_EXPECT
    from benchmarks.peer import PeerUnavailable, peer_command

    figure = f"coach run {LESSON}: first painted frame"
    peer_name = "tuitorial 0.16, one-step tutorial"
    stack_name = "stack floor: Typer + yaml + pydantic + one Static"
    if not ui_ready():
        why = "coach.ui.launch is not there yet"
        return [
            Row.pending(figure, peer_name, f"<= {PEER_TARGET}x", why),
            Row.pending(figure, stack_name, f"<= {STACK_TARGET}x", why),
        ]
    runs = 5 if quick else 15
    with scratch() as home:
        env = child_env(home)
        try:
            peer = peer_command(home)
        except PeerUnavailable as exc:
            peer = None
            peer_why = str(exc)
        stack_cmd = [PYTHON, str(BASELINES / "stack_app.py")]
        coach_cmd = [PYTHON, "-m", "coach", "run", LESSON]
        stack: list[float] = []
        peers: list[float] = []
        coach: list[float] = []
        for i in range(runs + 1):  # the first round warms the disk cache and is dropped
            s = first_frame(stack_cmd, BASELINE_EXPECT, env, REPO)
            p = first_frame(peer, PEER_EXPECT, env, home) if peer else 0.0
            c = first_frame(coach_cmd, EXPECT, env, REPO)
            if i:
                stack.append(s)
                peers.append(p)
                coach.append(c)
    measured = (("stack", stack), ("peer", peers), ("coach", coach))
    ms = {name: median(v) * 1000 for name, v in measured}
    rows = []
    if peer is None:
        rows.append(Row.pending(figure, peer_name, f"<= {PEER_TARGET}x", peer_why))
    else:
        r = ratio(ms["coach"], ms["peer"])
        rows.append(
            Row(
                figure=figure,
                baseline=peer_name,
                value=fmt_ratio(r),
                target=f"<= {PEER_TARGET}x",
                status=verdict(r <= PEER_TARGET),
                detail=f"median {ms['coach']:.0f} ms vs {ms['peer']:.0f} ms, {runs} rounds",
            )
        )
    r = ratio(ms["coach"], ms["stack"])
    rows.append(
        Row(
            figure=figure,
            baseline=stack_name,
            value=fmt_ratio(r),
            target=f"<= {STACK_TARGET}x",
            status=verdict(r <= STACK_TARGET),
            detail=f"median {ms['coach']:.0f} ms vs {ms['stack']:.0f} ms, {runs} rounds",
        )
    )
    return rows


if __name__ == "__main__":
    from benchmarks._common import script_main

    script_main(run)
