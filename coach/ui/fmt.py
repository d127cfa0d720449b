"""Small text helpers shared by screens and widgets.

Time is rounded *before* it is split into minutes and seconds, so 119.97 s
shows as 2:00 and never as 1:60. Every piece of lesson or user text passes
through `literal`, which returns a `rich.text.Text` (never parsed as markup)
with control characters made visible.
"""

from __future__ import annotations

import math
import re

from rich.cells import cell_len
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


def minutes(seconds: float) -> str:
    """Whole minutes, for idle screens that refresh at most once a minute."""
    whole = max(0, math.floor(seconds / 60 + 1e-9))
    return f"{whole} min"


def literal(text: str | None, style: str = "") -> Text:
    """Lesson or user text as a `Text` that no markup or escape can style."""
    return Text(visible(text or ""), style=style)


def literal_line(text: str | None, style: str = "") -> Text:
    """`literal`, folded onto one line (titles, list rows)."""
    return Text(one_line(text or ""), style=style)


def hour_label(hour: int) -> str:
    return f"{hour} o'clock"


_ASCII_OR_NOT = re.compile(r"[\x20-\x7e]+|[^\x20-\x7e]+")


def cell_width(text: str) -> int:
    """Terminal cells of one line of `text`, without growing rich's width cache.

    `rich.cells.cell_len` remembers the last 4,096 strings it measured, for the
    life of the process. A clock label is a new string every second
    ("elapsed 12:34"), so measuring it there keeps thousands of dead strings
    alive over a session. Printable ASCII is one cell a character, so only the
    other runs (a "⏱", a "·": a handful of fixed strings) go to rich.
    """
    if text.isascii() and text.isprintable():
        return len(text)
    if "\u200d" in text or "\ufe0f" in text:  # joiners change their neighbours' width
        return cell_len(text)
    return sum(
        len(run) if run.isascii() and run.isprintable() else cell_len(run)
        for run in _ASCII_OR_NOT.findall(text)
    )
