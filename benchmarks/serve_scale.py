"""`coach serve` with many viewers: memory, CPU and delivery delay, beside textual-serve.

The class view used to be textual-serve, which starts one whole `coach follow`
process per browser tab. The new server is one process for everyone: an extra
viewer is one server-sent-event connection. This script measures both designs
the same way, from outside, on loopback addresses only:

- **ours**: `coach.web.command.serve` in a child process, following a live
  journaled session that this script drives; N viewers are SSE connections
  made by this script (one aiohttp client session). Figures: the server's
  PSS and RSS (``/proc/PID/smaps_rollup``, ``/proc/PID/status``) at 0, 20 and
  100 viewers, its CPU while the instructor acts, and for every viewer and
  every journal write the delay from just before the write to that viewer
  receiving the snapshot it caused (p95 over all of them).
- **textual-serve** (when it is installed in this venv: ``pip install
  textual-serve==1.1.3``; it is no longer a dependency): its server in a child
  process serving ``coach follow``; a few websocket viewers are opened and the
  PSS of the whole process tree is read. Its per-viewer cost is
  ``(tree(k) - tree(0)) / k`` and its 20-viewer figure is *extrapolated* from
  that (20 Textual processes would not fit beside the other work on this
  machine); the detail line says so.

PSS counts shared library pages once across a process tree, which is the fair
measure for a design with many processes; the 100 MB budget is checked on RSS
(the stricter one). Every loop is bounded and every wait has a timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

from benchmarks._common import (
    PYTHON,
    REPO,
    Row,
    child_env,
    cpu_ns,
    percentile,
    rss_kib,
    scratch,
    verdict,
)

VIEWERS = 100
COMPARE_AT = 20
BASELINE_VIEWERS = 3
WRITES = 40
WRITE_GAP = 0.25  # seconds between two instructor commands
MEMORY_RATIO_TARGET = 0.1
MEMORY_BUDGET_MB = 100.0
P95_TARGET_MS = 200.0


def pss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def tree(pid: int) -> list[int]:
    """`pid` and every descendant (from /proc/*/stat parent ids)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                raw = (entry / "stat").read_text()
                parents[int(entry.name)] = int(raw[raw.rindex(")") + 2 :].split()[1])
    found = [pid]
    for candidate in found:
        found.extend(child for child, parent in parents.items() if parent == candidate)
    return found


def tree_pss_kib(pid: int) -> int:
    total = 0
    for member in tree(pid):
        with contextlib.suppress(OSError):
            total += pss_kib(member)
    return total


def start_child(code: str, env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """A Python child running `code`; its first stdout line (bounded wait)."""
    process = subprocess.Popen(
        [PYTHON, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**env, "PYTHONUNBUFFERED": "1"},
        cwd=REPO,
        start_new_session=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        process.kill()
        raise RuntimeError("the server child printed nothing")
    return process, line.strip()


def stop_child(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


# --------------------------------------------------------------------------- ours


class Viewer:
    """One SSE connection: when each step number arrived."""

    def __init__(self) -> None:
        self.arrivals: list[tuple[float, int]] = []
        self.ready = asyncio.Event()


async def watch(http: object, base: str, viewer: Viewer, stop: asyncio.Event) -> None:
    import json

    import aiohttp

    assert isinstance(http, aiohttp.ClientSession)
    async with http.get(base + "events") as response:
        if response.status != 200:
            raise RuntimeError(f"viewer refused: {response.status}")
        while not stop.is_set():
            line = await response.content.readline()
            if not line:
                return
            if line.startswith(b"data: ") and b"server_ms" not in line:
                shot = json.loads(line[6:])
                viewer.arrivals.append((time.monotonic(), int(shot.get("number") or 0)))
                if shot.get("status") == "running":
                    viewer.ready.set()


async def measure_ours(home: Path, viewers: int, writes: int) -> dict[str, float]:
    import aiohttp

    from coach.engine import commands as c
    from coach.lesson import load_lesson
    from coach.live import LiveSession

    lesson_path = REPO / "lessons" / "tour.yaml"
    sessions = home / "sessions"
    # No Next guard: the instructor here presses every WRITE_GAP, faster than a person.
    instructor = LiveSession.start(
        load_lesson(lesson_path), lesson_path, directory=sessions, next_guard=0.0
    )
    instructor.do(c.Start())
    code = (
        "from pathlib import Path; from coach.web.command import serve; "
        f"serve(port=0, lan=False, max_viewers={viewers + 5}, session=None, lesson=None, "
        f"sessions_dir=Path({str(sessions)!r}), echo=lambda s: print(s, flush=True))"
    )
    process, first = start_child(code, child_env(home))
    out: dict[str, float] = {}
    try:
        link = first.split(" at ", 1)[1]
        base = link.split("?", 1)[0]
        out["rss_0"] = rss_kib(process.pid) / 1024
        out["pss_0"] = pss_kib(process.pid) / 1024
        jar = aiohttp.CookieJar(unsafe=True)  # cookies for 127.0.0.1
        connector = aiohttp.TCPConnector(limit=0)
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=10)
        async with aiohttp.ClientSession(
            cookie_jar=jar, connector=connector, timeout=timeout
        ) as http:
            async with http.get(link) as entered:
                assert entered.status == 200, entered.status
            stop = asyncio.Event()
            crowd = [Viewer() for _ in range(viewers)]
            tasks: list[asyncio.Task[None]] = []
            for count, viewer in enumerate(crowd, 1):
                tasks.append(asyncio.create_task(watch(http, base, viewer, stop)))
                if count in (COMPARE_AT, viewers):
                    async with asyncio.timeout(30):
                        await asyncio.gather(*(v.ready.wait() for v in crowd[:count]))
                    await asyncio.sleep(0.5)
                    out[f"rss_{count}"] = rss_kib(process.pid) / 1024
                    out[f"pss_{count}"] = pss_kib(process.pid) / 1024
            # The instructor moves between step 1 and 2; each write is one snapshot.
            written: list[tuple[float, int]] = []
            cpu_before, wall_before = cpu_ns(process.pid), time.monotonic()
            for i in range(writes):
                at = time.monotonic()
                instructor.do(c.Next() if i % 2 == 0 else c.Back())
                written.append((at, 2 if i % 2 == 0 else 1))
                await asyncio.sleep(WRITE_GAP)
            await asyncio.sleep(0.5)
            cpu_after, wall_after = cpu_ns(process.pid), time.monotonic()
            out["cpu_percent"] = (cpu_after - cpu_before) / 1e9 / (wall_after - wall_before) * 100
            out["rss_end"] = rss_kib(process.pid) / 1024
            stop.set()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        delays: list[float] = []
        missed = 0
        for viewer in crowd:
            for at, number in written:
                got = next((t for t, n in viewer.arrivals if t >= at and n == number), None)
                if got is None:
                    missed += 1
                else:
                    delays.append((got - at) * 1000)
        out["p50_ms"] = percentile(delays, 50)
        out["p95_ms"] = percentile(delays, 95)
        out["max_ms"] = max(delays)
        out["missed"] = missed
        out["samples"] = len(delays)
    finally:
        stop_child(process)
        instructor.close()
    return out


# --------------------------------------------------------------------------- textual-serve


def textual_serve_installed() -> bool:
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        return False
    return True


async def measure_textual_serve(home: Path, viewers: int) -> dict[str, float]:
    """Tree PSS of textual-serve serving `coach follow`, at 0 and `viewers` connections."""
    import socket

    import aiohttp

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = f"{PYTHON} -m coach follow"
    code = (
        "import logging; from textual_serve.server import Server; "
        f"s = Server({command!r}, host='127.0.0.1', port={port}); "
        "s.initialize_logging = lambda: logging.basicConfig(level=logging.ERROR); "
        "print('ready', flush=True); s.serve()"
    )
    process, _ = start_child(code, child_env(home))
    out: dict[str, float] = {}
    try:
        async with asyncio.timeout(20):
            while True:
                with contextlib.suppress(OSError):
                    _reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    writer.close()
                    break
                await asyncio.sleep(0.1)
        out["pss_0"] = tree_pss_kib(process.pid) / 1024
        async with aiohttp.ClientSession() as http:
            sockets = [
                await http.ws_connect(f"ws://127.0.0.1:{port}/ws?width=100&height=30")
                for _ in range(viewers)
            ]
            # Each connection starts one `coach follow`; wait until all have drawn.
            drawn = [0] * viewers
            async with asyncio.timeout(90):
                while min(drawn) < 1:
                    for i, ws in enumerate(sockets):
                        with contextlib.suppress(TimeoutError):
                            async with asyncio.timeout(0.2):
                                message = await ws.receive()
                                if message.type == aiohttp.WSMsgType.BINARY:
                                    drawn[i] += 1
            await asyncio.sleep(2.0)  # let every process settle after its first frames
            out[f"pss_{viewers}"] = tree_pss_kib(process.pid) / 1024
            out["processes"] = len(tree(process.pid))
            for ws in sockets:
                await ws.close()
    finally:
        stop_child(process)
    return out


# --------------------------------------------------------------------------- the rows


def run(quick: bool = False) -> list[Row]:
    viewers = 30 if quick else VIEWERS
    writes = 12 if quick else WRITES
    baseline_viewers = 2 if quick else BASELINE_VIEWERS
    with scratch() as home:
        (home / "sessions").mkdir(mode=0o700)
        os.environ["COACH_HOME"] = str(home)
        ours = asyncio.run(measure_ours(home, viewers, writes))
        theirs = None
        if textual_serve_installed():
            theirs = asyncio.run(measure_textual_serve(home, baseline_viewers))
    rows: list[Row] = []
    if theirs is not None:
        per_viewer = (theirs[f"pss_{baseline_viewers}"] - theirs["pss_0"]) / baseline_viewers
        theirs_20 = theirs["pss_0"] + COMPARE_AT * per_viewer
        ratio_20 = ours[f"pss_{COMPARE_AT}"] / theirs_20
        rows.append(
            Row(
                figure=f"class view memory at {COMPARE_AT} viewers (PSS)",
                baseline=f"textual-serve + coach follow, extrapolated from {baseline_viewers}",
                value=f"{ratio_20:.3f}x",
                target=f"<= {MEMORY_RATIO_TARGET:g}x",
                status=verdict(ratio_20 <= MEMORY_RATIO_TARGET),
                detail=(
                    f"ours {ours[f'pss_{COMPARE_AT}']:.1f} MB in 1 process; textual-serve "
                    f"{theirs['pss_0']:.1f} MB idle, {theirs[f'pss_{baseline_viewers}']:.1f} MB "
                    f"with {baseline_viewers} viewers ({theirs['processes']:.0f} processes), "
                    f"{per_viewer:.1f} MB per viewer -> {theirs_20:.0f} MB at {COMPARE_AT} "
                    "(extrapolated linearly from the measured per-viewer PSS)"
                ),
            )
        )
    else:
        rows.append(
            Row.pending(
                f"class view memory at {COMPARE_AT} viewers",
                "textual-serve + coach follow",
                f"<= {MEMORY_RATIO_TARGET:g}x",
                "textual-serve is not installed here: pip install textual-serve==1.1.3",
            )
        )
    rss = ours[f"rss_{viewers}"]
    rows.append(
        Row(
            figure=f"class view memory at {viewers} viewers (RSS, one process)",
            baseline="-",
            value=f"{rss:.1f} MB",
            target=f"<= {MEMORY_BUDGET_MB:g} MB" if viewers == VIEWERS else "(quick)",
            status=verdict(rss <= MEMORY_BUDGET_MB),
            detail=(
                f"RSS {ours['rss_0']:.1f} MB idle, {ours[f'rss_{COMPARE_AT}']:.1f} MB at "
                f"{COMPARE_AT}, {rss:.1f} MB at {viewers}, {ours['rss_end']:.1f} MB after "
                f"the writes; PSS {ours['pss_0']:.1f} / {ours[f'pss_{viewers}']:.1f} MB; "
                f"CPU {ours['cpu_percent']:.1f}% of one core while the instructor acted "
                f"every {WRITE_GAP:g} s"
            ),
        )
    )
    p95 = ours["p95_ms"]
    rows.append(
        Row(
            figure=f"journal write -> {viewers} viewers received, p95",
            baseline="the write",
            value=f"{p95:.0f} ms",
            target=f"<= {P95_TARGET_MS:g} ms",
            status=verdict(p95 <= P95_TARGET_MS and ours["missed"] == 0),
            detail=(
                f"{ours['samples']:.0f} deliveries ({writes} writes x {viewers} viewers), "
                f"missed {ours['missed']:.0f}; p50 {ours['p50_ms']:.0f} ms, "
                f"max {ours['max_ms']:.0f} ms (the server polls the journal every 50 ms)"
            ),
        )
    )
    return rows


if __name__ == "__main__":
    from benchmarks._common import script_main

    script_main(run)
