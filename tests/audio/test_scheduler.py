"""The scheduler: due sounds in order, re-plans replace, silence cuts, the thread keeps time."""

from __future__ import annotations

import threading
from array import array

from coach.audio.cues import CueKind
from coach.audio.scheduler import Scheduler
from coach.audio.sinks import RecordingSink, Sound
from coach.engine.clock import FakeClock, MonotonicClock


def sound(at: float, kind: CueKind = CueKind.INHALE) -> Sound:
    return Sound(at, (kind,), (), array("h", [1]))


def test_plays_what_is_due_in_time_order_and_only_that() -> None:
    clock = FakeClock()
    sink = RecordingSink(clock)
    scheduler = Scheduler(sink, clock)
    scheduler.replace([sound(3.0, CueKind.EXHALE), sound(1.0), sound(2.0, CueKind.COUNT_IN)])
    clock.set(2.0)
    assert scheduler.run_due() == 2
    assert [(r.onset, r.kind) for r in sink.played] == [
        (2.0, CueKind.INHALE),
        (2.0, CueKind.COUNT_IN),
    ]
    assert scheduler.next_at() == 3.0


def test_replace_forgets_the_old_plan_and_silence_drops_everything() -> None:
    clock = FakeClock()
    sink = RecordingSink(clock)
    scheduler = Scheduler(sink, clock)
    scheduler.replace([sound(1.0)])
    scheduler.replace([sound(2.0, CueKind.EXHALE)])
    scheduler.silence()
    clock.set(5.0)
    assert scheduler.run_due() == 0
    assert [r.action for r in sink.records] == ["silence"]


def test_the_thread_starts_a_sound_on_the_real_clock() -> None:
    clock = MonotonicClock()
    started = threading.Event()
    onsets: list[float] = []

    class Sink(RecordingSink):
        def play(self, s: Sound) -> None:
            onsets.append(clock.now() - s.at)
            started.set()

    scheduler = Scheduler(Sink(clock), clock)
    try:
        scheduler.replace([sound(clock.now() + 0.05)])
        assert started.wait(timeout=5.0)
        assert 0.0 <= onsets[0] < 0.5  # never early; the benchmark measures how late
    finally:
        scheduler.close()
