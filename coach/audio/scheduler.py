"""Start each sound on its session-time deadline, not on the UI's ticks.

A plain thread sleeping on a `threading.Condition` until the earliest pending
sound is due: the simplest design that meets the bar (p99 onset lateness well
under 20 ms, see `benchmarks/audio_lateness.py`) and works the same under
Textual's asyncio loop, a plain CLI, or no loop at all. Re-planning replaces
the pending list and wakes the thread; `silence` empties it and cuts the sink.

Every deadline is compared with the session clock (`coach.engine.clock`), the
same clock the engine's deadlines are in, so there is no drift however long a
hold runs. Tests skip the thread: they move a `FakeClock` and call `run_due`.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Callable

from coach.audio.sinks import Sink, Sound
from coach.engine.clock import Clock, FakeClock

OnPlayed = Callable[[Sound], None]


class Scheduler:
    """Sounds waiting for their time, played through `sink` when it comes."""

    def __init__(
        self,
        sink: Sink,
        clock: Clock,
        *,
        threaded: bool | None = None,
        on_played: OnPlayed | None = None,
    ) -> None:
        self.sink = sink
        self.clock = clock
        self.on_played = on_played
        self._pending: list[tuple[float, int, Sound]] = []
        self._order = itertools.count()
        self._wake = threading.Condition()
        self._closed = False
        self._thread: threading.Thread | None = None
        if threaded if threaded is not None else not isinstance(clock, FakeClock):
            self._thread = threading.Thread(target=self._run, name="coach-audio", daemon=True)
            self._thread.start()

    # ------------------------------------------------------------------ planning

    def replace(self, sounds: list[Sound]) -> None:
        """Forget every pending sound and wait for these instead."""
        with self._wake:
            self._pending = [(s.at, next(self._order), s) for s in sounds]
            heapq.heapify(self._pending)
            self._wake.notify()

    def play_now(self, sound: Sound) -> None:
        self._play(sound)

    def silence(self) -> None:
        """Drop everything pending and cut off what is playing, at once."""
        with self._wake:
            self._pending = []
            self._wake.notify()
        self.sink.silence()

    @property
    def pending(self) -> list[Sound]:
        with self._wake:
            return [s for _, _, s in sorted(self._pending)]

    def next_at(self) -> float | None:
        with self._wake:
            return self._pending[0][0] if self._pending else None

    # ------------------------------------------------------------------ playing

    def run_due(self, now: float | None = None) -> int:
        """Play every pending sound due by `now` (the clock's time if None); how many."""
        now = self.clock.now() if now is None else now
        played = 0
        while True:
            with self._wake:
                if not self._pending or self._pending[0][0] > now:
                    return played
                _, _, sound = heapq.heappop(self._pending)
                if self.on_played is not None:  # never both pending and not yet played
                    self.on_played(sound)
            self.sink.play(sound)
            played += 1

    def _play(self, sound: Sound) -> None:
        if self.on_played is not None:
            self.on_played(sound)
        self.sink.play(sound)

    def _run(self) -> None:
        while True:
            with self._wake:
                if self._closed:
                    return
                if not self._pending:
                    self._wake.wait()
                    continue
                delay = self._pending[0][0] - self.clock.now()
                if delay > 0:
                    self._wake.wait(delay)
                    continue
            self.run_due()

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._pending = []
            self._wake.notify()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=1.0)
        self.sink.close()
