"""Small text helpers shared by screens and widgets.

Time has one clock format and one duration format, rounded one way, and they
live in `coach.timefmt` (the summary, the export and `coach sessions` use the
same two functions): `clock` (`m:ss`) for what counts down or up on the step
itself, `duration` (`12 min`) for a length. The header shows the session's
active time as a duration in whole minutes, so it changes once a minute.
Every piece of lesson or user text passes through `literal`, which returns a
`rich.text.Text` (never parsed as markup) with control characters made visible.
"""

from __future__ import annotations

from rich.text import Text

from coach.text import one_line, visible
from coach.timefmt import clock, duration, whole_seconds

__all__ = [
    "clock",
    "duration",
    "elapsed_text",
    "hour_label",
    "labelled",
    "literal",
    "literal_line",
    "whole_minutes",
]


def whole_minutes(seconds: float) -> int:
    """Whole minutes of a length, after the one rounding of `coach.timefmt`."""
    return whole_seconds(seconds) // 60


def elapsed_text(seconds: float) -> str:
    """The header's session time (active, pauses excluded), in whole minutes: `12 min`."""
    minutes = whole_minutes(seconds)
    return f"elapsed {duration(minutes * 60) if minutes else '0 min'}"


def literal(text: str | None, style: str = "") -> Text:
    """Lesson or user text as a `Text` that no markup or escape can style."""
    return Text(visible(text or ""), style=style)


def labelled(label: str, text: str | None) -> Text:
    """A bold label, then lesson text shown literally ("Notice: ", "Why: ")."""
    out = Text(label, style="bold", end="")
    out.append(visible(text or ""))
    return out


def literal_line(text: str | None, style: str = "") -> Text:
    """`literal`, folded onto one line (titles, list rows)."""
    return Text(one_line(text or ""), style=style)


def hour_label(hour: int) -> str:
    return f"{hour} o'clock"
