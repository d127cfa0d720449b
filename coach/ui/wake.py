"""When the screen next changes, so the heartbeat can sleep until then.

A running clock shows whole seconds and the breath pacer's bar moves in whole
cells: between those moments nothing a person can see changes, so a timer
ticking at a fixed rate mostly repaints the same picture. Worse, a fixed rate
is out of step with what it shows: at 10 Hz a breath-phase cue could come up
to 100 ms after its deadline. So the app asks here how long it may sleep: until
the engine's next deadline (to the millisecond), or until the next visible
change (a second label turning over, the bar growing a cell), whichever is
first, and never longer than a second.

Pure functions of the view and the pacer's width; no Textual.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

DEADLINE_SLACK = 0.002
"""Seconds past a deadline to wake: a timer firing a hair early would find nothing due."""

VISUAL_SLACK = 0.005
"""Seconds past a visible change to wake, for the same reason."""

COALESCE = 0.06
"""Changes this close after the first are drawn in the same wake (a few cells early or late)."""

MAX_SLEEP = 1.0


def until_label_changes(seconds: float, *, up: bool) -> float:
    """Seconds until `fmt.clock(seconds, up=up)` shows another whole second.

    Counting up shows the floor, so it turns over at the next integer; counting
    down shows the ceiling, so it turns over when the integer below is reached.
    """
    if up:
        return math.floor(seconds + 1e-9) + 1 - seconds
    return seconds - (math.ceil(seconds - 1e-9) - 1)


def fill(phase: str | None, fraction: float) -> float:
    """How full the breath bar is (0..1): rising on the inhale, falling on the exhale."""
    f = min(1.0, max(0.0, fraction))
    if phase == "inhale":
        return f
    if phase == "exhale":
        return 1.0 - f
    return 0.0


def filled_cells(phase: str | None, fraction: float, width: int) -> int:
    """Filled cells of a bar `width` wide, an even number so the bar stays centred."""
    cells = round(fill(phase, fraction) * width / 2) * 2
    return min(width, max(0, cells))


def until_bar_moves(
    phase: str | None, fraction: float, phase_seconds_left: float, width: int
) -> float | None:
    """Seconds until the bar gains or loses a pair of cells; None if it stays put this phase."""
    if phase not in ("inhale", "exhale") or fraction >= 1.0 or phase_seconds_left <= 0:
        return None
    duration = phase_seconds_left / (1.0 - fraction)
    half = width / 2
    if half <= 0:
        return None
    level = fill(phase, fraction)
    pairs = round(level * half)
    if phase == "inhale":
        edge = (pairs + 0.5) / half  # rounding turns up once the fill passes this
        if edge >= 1.0:  # not before the phase ends (a deadline of its own)
            return None
        return max(0.0, (edge - level) * duration)
    edge = (pairs - 0.5) / half  # ... and down once it falls below this
    if edge < 0.0:
        return None
    return max(0.0, (level - edge) * duration)


def sleep_for(
    *,
    deadline_in: float | None,
    changes_in: Iterable[float | None],
    min_gap: float,
    max_sleep: float | None = MAX_SLEEP,
) -> float:
    """How long the heartbeat may sleep.

    `deadline_in`: seconds to the engine's next deadline (a phase change, a
    timer's end), which is met to the millisecond. `changes_in`: seconds to
    each upcoming visible change; those are drawn at most once every `min_gap`
    seconds (the frame-rate cap), changes within `COALESCE` of the first
    together, and at least once every `max_sleep` (None: no limit).
    """
    upcoming = sorted(w for w in changes_in if w is not None)
    longest = math.inf if max_sleep is None else max_sleep
    visual = longest
    if upcoming:
        first = upcoming[0]
        together = max(w for w in upcoming if w <= first + COALESCE)
        visual = min(longest, max(min_gap, together + VISUAL_SLACK))
    if deadline_in is None:
        return visual
    return max(0.001, min(visual, deadline_in + DEADLINE_SLACK))
