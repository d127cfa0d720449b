"""Reminders where the eye already is: a bold banner right above the step text.

Not a toast: a toast appears in a corner and fades, and a person with busy
hands never sees it. A reminder that needs acknowledgement says so, and the
flow waits (the engine refuses Next) until Enter or `a` acknowledges it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from coach.engine.state import PendingReminder
from coach.text import one_line


def banner_text(reminders: Sequence[PendingReminder]) -> Text:
    out = Text(end="")
    for i, r in enumerate(reminders):
        if i:
            out.append("\n")
        out.append("⚑ ", style="bold")
        out.append(one_line(r.text), style="bold")
        if r.ack:
            out.append("\n  Press Enter or a to acknowledge.", style="italic")
    return out


class ReminderBanner(Static):
    """Shows the pending reminders; hidden when there are none."""

    DEFAULT_CSS = """
    ReminderBanner {
        height: auto;
        width: 1fr;
        display: none;
    }
    ReminderBanner.-shown {
        display: block;
    }
    """

    def __init__(self, **kwargs: str | None) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self._shown: tuple[tuple[str, str, bool], ...] = ()

    def show(self, reminders: Sequence[PendingReminder]) -> None:
        key = tuple((r.key, r.text, r.ack) for r in reminders)
        if key == self._shown:
            return
        self._shown = key
        self.set_class(bool(reminders), "-shown")
        self.set_class(any(r.ack for r in reminders), "-ack")
        self.update(banner_text(reminders))
