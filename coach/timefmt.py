"""Time as people read it: one format for a clock, one for a duration, rounded one way.

Seconds are rounded to the nearest whole second *before* they are split, so
119.6 s reads 2:00 (never 1:60) and the summary, the export and `coach
sessions` show the same figure for the same session.
"""

from __future__ import annotations


def whole_seconds(seconds: float) -> int:
    """The one rounding: to the nearest second, never below zero."""
    return max(0, round(seconds))


def _split(seconds: float) -> tuple[int, int, int]:
    hours, rest = divmod(whole_seconds(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return hours, minutes, secs


def clock(seconds: float) -> str:
    """A moment or a length on a clock face: ``0:42``, ``12:03``, ``1:02:03``."""
    hours, minutes, secs = _split(seconds)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def duration(seconds: float) -> str:
    """A length in words: ``1 h 05 min``, ``4 min 30 s``, ``4 min``, ``45 s``."""
    hours, minutes, secs = _split(seconds)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s" if secs else f"{minutes} min"
    return f"{secs} s"
