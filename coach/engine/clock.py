"""Where session time comes from.

The engine never reads a clock: every command is applied at a `now` the caller
passes in. Keeping the clock behind this small protocol lets the app use the
monotonic clock, a resumed session continue its own session time, and every test
drive time by hand with `FakeClock` (no sleeps, no flaky timing).
"""

from __future__ import annotations

import time
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """Session time in seconds; never goes backwards."""

    def now(self) -> float: ...


class MonotonicClock:
    """The real clock: seconds since it was made, plus `offset`.

    A resumed session passes the `t` of its last journaled event as `offset`, so
    its session time carries on from where the journal stopped.
    """

    def __init__(self, offset: float = 0.0) -> None:
        self._offset = float(offset)
        self._start = time.monotonic()

    def now(self) -> float:
        return self._offset + (time.monotonic() - self._start)


class FakeClock:
    """A clock that moves only when told to: for tests and scripted runs."""

    def __init__(self, start: float = 0.0) -> None:
        self._t = float(start)

    def now(self) -> float:
        return self._t

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go backwards")
        self._t += seconds
        return self._t

    def set(self, t: float) -> float:
        if t < self._t:
            raise ValueError("a monotonic clock cannot go backwards")
        self._t = float(t)
        return self._t
