"""Durations as people read them, in one place.

Seconds are rounded *before* they are split into hours, minutes and seconds,
so 119.97 s reads as 2:00 and never as 1:60 (a classic bug). The handout and
the export both speak through these two functions.
"""

from __future__ import annotations


def _split(seconds: float) -> tuple[int, int, int]:
    hours, rest = divmod(max(0, round(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    return hours, minutes, secs


def clock(seconds: float) -> str:
    """``0:42``, ``12:03``, ``1:02:03``."""
    hours, minutes, secs = _split(seconds)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def spoken(seconds: float) -> str:
    """``1 h 05 min``, ``4 min 30 s``, ``4 min``, ``45 s``."""
    hours, minutes, secs = _split(seconds)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s" if secs else f"{minutes} min"
    return f"{secs} s"
