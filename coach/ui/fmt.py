"""Small text helpers shared by screens and widgets.

The one clock format (`clock`: `m:ss`, for anything that counts) and the one
duration format (`duration`: `2 min 31 s`, for totals) of the app live here
until the shared time-format module of the simpler-core issue lands; then
these two become imports from it. Time is floored (counting up) or ceiled
(counting down) to the whole second *before* it is split into minutes and
seconds, so 119.97 s never shows as 1:60. Every piece of lesson or user text passes
through `literal`, which returns a `rich.text.Text` (never parsed as markup)
with control characters made visible.
"""

from __future__ import annotations

import math

from rich.text import Text

from coach.text import one_line, visible


def clock(seconds: float, *, up: bool = True) -> str:
    """`m:ss` (or `h:mm:ss`); counting up floors, counting down ceils."""
    whole = math.floor(seconds + 1e-9) if up else math.ceil(seconds - 1e-9)
    whole = max(0, whole)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def duration(seconds: float) -> str:
    """A length of time in words, floored to the second like `clock`: `2 min 31 s`."""
    whole = max(0, math.floor(seconds + 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def elapsed_text(seconds: float) -> str:
    """The header's session clock: active time, pauses excluded."""
    return f"elapsed {clock(seconds)}"


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
