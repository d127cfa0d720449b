"""How full the breath bar is, in a fixed number of visible steps (pure, no Textual).

The pacer draws the breath in `LEVELS` steps per phase rather than one per
frame: a bar seen from the corner of the eye needs rhythm, not smoothness,
and a fixed step count lets the heartbeat compute when the picture next
changes (`until_bar_changes`) and sleep until then, instead of waking ten
times a second to draw the same bar again. The step count does not depend on
the terminal's width, so the heartbeat needs nothing but the engine's view.
"""

from __future__ import annotations

import math

LEVELS = 20  # visible steps of the bar in one inhale or exhale


def fill(phase: str | None, fraction: float) -> float:
    """How full the breath bar is (0..1): rising on the inhale, falling on the exhale."""
    f = min(1.0, max(0.0, fraction))
    if phase == "inhale":
        return f
    if phase == "exhale":
        return 1.0 - f
    return 0.0


def level(phase: str | None, fraction: float) -> int:
    """The visible step of the bar, 0..LEVELS (nearest, halves up)."""
    return math.floor(fill(phase, fraction) * LEVELS + 0.5)


def filled_cells(phase: str | None, fraction: float, width: int) -> int:
    """Filled cells of a bar `width` wide: an even number so the bar stays centred, or the
    whole width when full."""
    steps = level(phase, fraction)
    if steps >= LEVELS:
        return max(0, width)
    return min(width, max(0, round(steps / LEVELS * width / 2) * 2))


def until_bar_changes(phase: str | None, fraction: float, seconds_left: float) -> float | None:
    """Seconds until `level` changes within this phase; None if it does not before its end.

    `fraction` of the phase has passed and `seconds_left` of it remain (the
    engine's `HoldView.phase_fraction` and `phase_seconds_left`).
    """
    if phase not in ("inhale", "exhale") or fraction >= 1.0 or seconds_left <= 0:
        return None
    f = max(0.0, fraction)
    x = f * LEVELS  # progress through the phase, in steps
    if phase == "inhale":
        x_next = math.floor(x + 0.5) + 0.5  # the level rises as x passes a half step
    else:
        now = level(phase, f)  # falls just after x reaches LEVELS - now + 0.5
        x_next = LEVELS - now + 0.5
    if x_next >= LEVELS:
        return None
    seconds_per_step = seconds_left / (1.0 - f) / LEVELS
    return max(0.0, (x_next - x) * seconds_per_step)
