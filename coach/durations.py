"""Durations as people read them: the formats live in `coach.timefmt` (one place)."""

from __future__ import annotations

from coach.timefmt import clock
from coach.timefmt import duration as spoken

__all__ = ["clock", "spoken"]
