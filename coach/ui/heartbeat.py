"""When the app next needs to wake: a pure function of the view and the session clock.

Time is never counted in ticks (a Textual interval drops ticks after a stall);
the app reads the session clock and only needs a nudge when something shown
changes: the engine's next deadline (a breath phase, a timer's end; met to
the millisecond), the next whole second of a clock on screen, or, while the
breath bar moves, the next frame (at most `MAX_FPS` a second). No Textual.
"""

from __future__ import annotations

import math

from coach.engine import View

MAX_FPS = 10.0
DEADLINE_SLACK = 0.002  # wake a hair after a change, never before it


def until_label_changes(seconds: float, *, up: bool) -> float:
    """Seconds until `fmt.clock(seconds, up=up)` shows another whole second."""
    if up:
        return math.floor(seconds + 1e-9) + 1 - seconds
    return seconds - (math.ceil(seconds - 1e-9) - 1)


def next_wake(view: View, now: float, *, animate: bool = True) -> tuple[str, float] | None:
    """(kind, seconds to sleep), kind "hold", "timer" or "once"; None when nothing moves."""
    if view.status != "running":
        return None
    waits = [until_label_changes(view.active_seconds, up=True)]
    timer = view.timer
    timing = timer.mode is not None and not timer.done
    if timing:
        waits.append(until_label_changes(timer.seconds, up=timer.mode == "up"))
    hold = view.hold is not None and not view.hold.done
    if hold and animate:
        waits.append(1.0 / MAX_FPS)
    if view.next_deadline is not None:
        waits.append(view.next_deadline - now)
    kind = "hold" if hold else "timer" if timing else "once"
    return kind, max(0.001, min(waits) + DEADLINE_SLACK)
