"""Active and paused time, from one place.

A session's time is session time (``t``); a pause or a STOP lasts from
``Paused``/``Stopped`` to ``Resumed`` or the end. `Timeline.active` is *the*
function for active seconds between two moments, and `paused_total` the one
for paused seconds: the summary, the export and `coach sessions` use these
through the report, so they cannot disagree.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from coach.engine import events as e
from coach.report.model import PauseRow


@dataclass
class Timeline:
    intervals: list[tuple[float, float]]  # paused or stopped, in session time, in order
    pauses: list[PauseRow]
    started_t: float
    last_t: float  # the latest `t` in the journal

    @classmethod
    def of(cls, events: Sequence[e.Event]) -> Timeline:
        """Paused and stopped intervals up to the first ``SessionEnded`` (an open one
        closes at the last moment seen before it)."""
        intervals: list[tuple[float, float]] = []
        pauses: list[PauseRow] = []
        paused_from: float | None = None
        started: float | None = None
        last = 0.0
        open_until_end = True
        timeline_last = 0.0
        for ev in events:
            last = max(last, ev.t)
            if not open_until_end:
                continue
            timeline_last = max(timeline_last, ev.t)
            if isinstance(ev, e.SessionStarted) and started is None:
                started = ev.t
            elif isinstance(ev, e.Paused | e.Stopped) and paused_from is None:
                paused_from = ev.t
                if isinstance(ev, e.Paused):
                    pauses.append(PauseRow(round(ev.t, 3), None))
            elif isinstance(ev, e.Resumed | e.SessionEnded) and paused_from is not None:
                _close(intervals, pauses, paused_from, ev.t)
                paused_from = None
            if isinstance(ev, e.SessionEnded):
                open_until_end = False
        if paused_from is not None:
            _close(intervals, pauses, paused_from, timeline_last)
        return cls(intervals, pauses, started or 0.0, last)

    def active(self, a: float, b: float) -> float:
        """Seconds between session times `a` and `b` not spent paused or stopped."""
        first = bisect_right(self.intervals, a, key=_end)
        last = bisect_left(self.intervals, b, key=_start)
        overlapping = self.intervals[first : max(first, last)]
        paused = sum(max(0.0, min(b, p1) - max(a, p0)) for p0, p1 in overlapping)
        return max(0.0, b - a - paused)

    def active_total(self, end_t: float) -> float:
        """Active seconds of the whole session, from its start to `end_t`."""
        return self.active(self.started_t, end_t)

    @property
    def paused_total(self) -> float:
        return sum(p1 - p0 for p0, p1 in self.intervals)


def _start(interval: tuple[float, float]) -> float:
    return interval[0]


def _end(interval: tuple[float, float]) -> float:
    return interval[1]


def _close(
    intervals: list[tuple[float, float]], pauses: list[PauseRow], a: float, b: float
) -> None:
    intervals.append((a, b))
    if pauses and pauses[-1].seconds is None and pauses[-1].t == round(a, 3):
        pauses[-1].seconds = round(b - a, 3)
