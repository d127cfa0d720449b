"""When the app next needs to wake: a pure function of the view and the session clock.

Time is never counted in ticks (a Textual interval drops ticks after a stall);
the app reads the session clock and only needs a nudge when something shown
changes: the engine's next deadline (a breath phase, a timer's end; met to
the millisecond), the next second a step clock shows, the next minute of the
header's session time, or the next visible step of the breath bar (at most
`MAX_FPS` a second). Nothing else wakes it. No Textual.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from coach.ui.widgets.breath_bar import until_bar_changes

if TYPE_CHECKING:
    from coach.engine.state import View

MAX_FPS = 10.0
DEADLINE_SLACK = 0.002  # wake a hair after a change, never before it


def until_label_changes(seconds: float, *, up: bool, unit: float = 1.0) -> float:
    """Seconds until `coach.timefmt` rounding shows another whole `unit` (1 s or 60 s).

    Shown values round to the nearest second, so a clock turns at the half
    second: counting up, 0:00 becomes 0:01 at 0.5 s; a minute display turns at
    59.5 s. Counting down, the value turns when `seconds` falls past the half.
    """
    if up:
        return unit * math.ceil((seconds + 0.5) / unit) - 0.5 - seconds
    return seconds - (unit * math.floor((seconds + 0.5) / unit) - 0.5)


def next_wake(view: View, now: float, *, animate: bool = True) -> tuple[str, float] | None:
    """(kind, seconds to sleep), kind "hold", "timer" or "once"; None when nothing moves."""
    if view.status != "running":
        return None
    waits = [until_label_changes(view.active_seconds, up=True, unit=60.0)]
    timer = view.timer
    timing = timer.mode is not None and not timer.done
    if timing:
        waits.append(until_label_changes(timer.seconds, up=timer.mode == "up"))
    hold = view.hold is not None and not view.hold.done
    if hold and animate:
        assert view.hold is not None
        bar = until_bar_changes(
            view.hold.phase, view.hold.phase_fraction, view.hold.phase_seconds_left
        )
        if bar is not None:
            waits.append(max(bar, 1.0 / MAX_FPS))
    if view.next_deadline is not None:
        waits.append(view.next_deadline - now)
    kind = "hold" if hold else "timer" if timing else "once"
    return kind, max(0.001, min(waits) + DEADLINE_SLACK)


class Stoppable(Protocol):
    def stop(self) -> None: ...


SetTimer = Callable[[float, Callable[[], None]], Stoppable]


class Heartbeat:
    """The app's one wake-up: armed for `next_wake`, re-armed by whoever handles the beat.

    `set_timer` is the app's (a Textual timer); `beat` runs when it fires.
    """

    def __init__(self, set_timer: SetTimer, beat: Callable[[], None]) -> None:
        self._set_timer = set_timer
        self._beat = beat
        self._timer: Stoppable | None = None
        self.next: tuple[str, float] | None = None
        """The armed wake: (kind, seconds it sleeps); None when nothing moves."""

    def arm(self, view: View, now: float, *, animate: bool) -> None:
        self.stop()
        wake = next_wake(view, now, animate=animate)
        if wake is not None:
            self._timer = self._set_timer(wake[1], self._fire)
            self.next = wake

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = None
        self.next = None

    def _fire(self) -> None:
        self._timer = None
        self.next = None
        self._beat()
