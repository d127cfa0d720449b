"""Audio cues start on their deadlines on the real clock, and a long hold never drifts.

Why: the giver presses on the exhale cue without looking. A cue that starts
late, or a schedule that slips a little each breath, breaks the rhythm. The
`AudioGuide` plans cues from the engine's deadlines and a scheduler thread
starts each one on its moment; the UI's 10 Hz ticks only re-plan.

This runs a hold the way `coach run --sound` would: a `Session` on
`MonotonicClock`, an asyncio loop ticking at 10 Hz and calling
`guide.update()`, and a sink that stamps each `play` call with the clock and
passes it on to a real miniaudio device (the null backend here: no sound card;
the mixing still runs in its audio thread). Lateness = stamp - planned time;
drift = the change in lateness from the first tenth of the hold to the last,
and every breath cue's planned time is checked against the engine's own
schedule (start + the phase lengths before it). Default: a 10-minute hold;
`--quick`: about 66 s.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from benchmarks._common import Row, hold_lesson, median, percentile, scratch, verdict, write

P99_TARGET_MS = 20.0
DRIFT_TARGET_MS = 2.0


def lesson_text(quick: bool) -> str:
    if quick:  # 4 positions x 3 breaths of 5 s + 3 x 2 s: 66 s
        return hold_lesson(4, 3, 2.0, 3.0, 2.0, lead_in=False, lesson_id="bench-audio")
    return hold_lesson(12, 5, 4.0, 6.0, 2.0, lead_in=False, lesson_id="bench-audio")  # 622 s


class _Tee:
    """Records every call (with the clock) and forwards it to a real device when there is one."""

    def __init__(self, recorder: object, device: object | None) -> None:
        self.recorder, self.device = recorder, device

    def play(self, sound: object) -> None:
        self.recorder.play(sound)  # type: ignore[attr-defined]
        if self.device is not None:
            self.device.play(sound)  # type: ignore[attr-defined]

    def silence(self) -> None:
        self.recorder.silence()  # type: ignore[attr-defined]

    def close(self) -> None:
        if self.device is not None:
            self.device.close()  # type: ignore[attr-defined]


def _null_device() -> tuple[object | None, str]:
    try:
        import miniaudio

        from coach.audio.player import MiniaudioSink

        return MiniaudioSink(backends=[miniaudio.Backend.NULL]), "miniaudio null device"
    except Exception as exc:  # the figure stands without a device; say which it was
        return None, f"no device ({exc})"


async def _drive(path: Path) -> tuple[list[tuple[float, float, str]], float, float, str, float]:
    """(onset, planned, kind) per cue, worst |planned - schedule|, CPU %, device, seconds."""
    from coach.audio.cues import CueKind
    from coach.audio.guide import AudioGuide
    from coach.audio.sinks import RecordingSink
    from coach.engine import commands as c
    from coach.engine.clock import MonotonicClock
    from coach.engine.session import Session
    from coach.lesson.loader import load_lesson

    lesson = load_lesson(path)
    clock = MonotonicClock()
    session = Session(lesson, clock)
    schedule = session.compiled.plan(0).schedule  # the hold is the first step
    recorder = RecordingSink(clock)
    device, device_name = _null_device()
    guide = AudioGuide(session, _Tee(recorder, device), threaded=True)  # type: ignore[arg-type]
    cpu0, wall0 = time.process_time(), time.monotonic()
    session.do(c.Start())
    guide.update()
    start = session.events[0].t
    while session.state.hold is not None and not session.state.hold.done:
        await asyncio.sleep(0.1)
        session.tick()
        guide.update()
    await asyncio.sleep(1.0)  # the hold-done cue
    cpu = (time.process_time() - cpu0) / (time.monotonic() - wall0) * 100
    guide.close()

    planned_phases: list[tuple[float, str]] = []
    t = start
    for phase in schedule:
        if phase.phase in ("inhale", "exhale"):
            planned_phases.append((t, phase.phase))
        t += phase.seconds
    breath = [r for r in recorder.played if r.kind in (CueKind.INHALE, CueKind.EXHALE)]
    worst = max(
        (abs(r.planned - p) for r, (p, _) in zip(breath, planned_phases, strict=True)),
        default=float("inf"),
    )
    if len(breath) != len(planned_phases):
        worst = float("inf")
    rows = [(r.onset, r.planned or 0.0, str(r.kind)) for r in recorder.played]
    return rows, worst, cpu, device_name, clock.now() - start


def run(quick: bool = False) -> list[Row]:
    with scratch() as folder:
        path = write(folder / "audio.yaml", lesson_text(quick))
        cues, worst, cpu, device, seconds = asyncio.run(_drive(path))
    late = [onset - planned for onset, planned, _ in cues]
    tenth = max(1, len(late) // 10)
    drift = abs(median(late[-tenth:]) - median(late[:tenth]))
    p99 = percentile(late, 99) * 1000
    ok = p99 <= P99_TARGET_MS and drift * 1000 <= DRIFT_TARGET_MS and worst <= 1e-6
    return [
        Row(
            figure=f"audio cue onset lateness, {seconds / 60:.1f}-min hold, real clock",
            baseline="the deadline",
            value=f"p99 {p99:.1f} ms, drift {drift * 1000:.2f} ms",
            target=f"p99 <= {P99_TARGET_MS:g} ms, no drift",
            status=verdict(ok),
            detail=(
                f"{len(late)} cues; lateness median {median(late) * 1000:.2f} ms, "
                f"max {max(late) * 1000:.2f} ms; breath cues vs engine schedule {worst:.1e} s; "
                f"process CPU {cpu:.1f}% (guide + 10 Hz ticks, {device})"
            ),
        )
    ]


if __name__ == "__main__":
    from benchmarks._common import script_main

    script_main(run)
