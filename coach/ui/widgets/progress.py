"""Where the person is in the lesson and in the step: progress bar, step timer, clocks.

Each label keeps the text it last drew and only calls `update` when that text
changes, so a frame of a hold does not repaint labels that read the same, and a
clock turning from 0:21 to 0:22 keeps its box (no layout pass).
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from coach.ui.fmt import clock


class ChangeOnlyStatic(Static):
    """A `Static` that ignores updates which would draw the same content."""

    def __init__(self, content: str | Text = "", **kwargs: object) -> None:
        super().__init__(content, markup=False, **kwargs)  # type: ignore[arg-type]
        self._last: str | Text = content
        self.updates = 0

    def set(self, content: str | Text) -> bool:
        if content == self._last:
            return False
        same_box = self._same_box(self._last, content)
        self._last = content
        self.updates += 1
        # A layout pass re-arranges the whole screen: skip it when the new words
        # take exactly the old one-line box ("⏱ 0:21 left" -> "⏱ 0:20 left").
        self.update(content, layout=not same_box)
        return True

    def _same_box(self, old: str | Text, new: str | Text) -> bool:
        a = old.plain if isinstance(old, Text) else old
        b = new.plain if isinstance(new, Text) else new
        if "\n" in a or "\n" in b:
            return False
        width = cell_len(b)
        return width == cell_len(a) and 0 < width <= self.content_size.width


class ClockLabel(ChangeOnlyStatic):
    """A one-line label that changes every second (never wrapped)."""

    DEFAULT_CSS = """
    ClockLabel {
        width: auto;
        height: 1;
        text-wrap: nowrap;
    }
    """


class StepProgress(Widget):
    """A thin bar: step `number` of `count`."""

    DEFAULT_CSS = """
    StepProgress {
        height: 1;
        width: 1fr;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"step-progress--done", "step-progress--todo"}

    def __init__(self, number: int = 0, count: int = 0, **kwargs: str | None) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._value = (number, count)

    def show(self, number: int, count: int) -> None:
        if (number, count) != self._value:
            self._value = (number, count)
            self.refresh()

    def render(self) -> Text:
        number, count = self._value
        label = f" {number}/{count}" if count else ""
        width = max(1, self.size.width - len(label))
        filled = round(width * number / count) if count else 0
        done = self.get_component_rich_style("step-progress--done", partial=True)
        todo = self.get_component_rich_style("step-progress--todo", partial=True)
        out = Text(no_wrap=True, end="")
        out.append("━" * filled, done)
        out.append("─" * (width - filled), todo)
        out.append(label, todo)
        return out


def timer_text(mode: str | None, seconds: float, done: bool, target: float | None) -> str:
    """The step clock in words: count up with a hint, count down with a done state."""
    if mode == "up":
        hint = f"  (about {clock(target)})" if target else ""
        return f"⏱ {clock(seconds)}{hint}"
    if mode == "down":
        if done:
            return "⏱ done"
        return f"⏱ {clock(seconds)} left"
    return ""


class StepTimer(ClockLabel):
    """The step's own clock; hidden when the step has none."""

    _shown: tuple[bool, bool] | None = None

    def show(self, mode: str | None, seconds: float, done: bool, target: float | None) -> None:
        # Display and class only when they change: a class change re-evaluates CSS.
        shown = (mode is not None, done)
        if shown != self._shown:
            self._shown = shown
            self.display = shown[0]
            self.set_class(done, "-done")
        self.set(timer_text(mode, seconds, done, target))
