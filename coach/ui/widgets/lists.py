"""The two interactive lists of a step: a checklist and a feedback table.

Both are plain focusable widgets that own only a cursor. What is ticked or
rated comes from the engine's view (`show`); a key or click posts a small
message and the screen turns it into a command. So a read-only mirror can
use the same widgets with `read_only=True` and never send anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.message import Message
from textual.widget import Widget

from coach.lesson.model import Rating
from coach.text import one_line
from coach.ui import keymap

RATINGS: tuple[Rating, ...] = (Rating.GOOD, Rating.NEUTRAL, Rating.BAD)
_REVERSE = Style(reverse=True, bold=True)


class _CursorList(Widget, can_focus=True):
    DEFAULT_CSS = """
    _CursorList {
        height: auto;
        width: 1fr;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "cursor-list--cursor",
        "cursor-list--done",
        "cursor-list--dim",
    }

    def __init__(self, items: tuple[str, ...], *, read_only: bool = False, **kwargs: str | None):
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.items = tuple(one_line(i) for i in items)
        self.read_only = read_only
        self.cursor = 0

    def set_items(self, items: tuple[str, ...]) -> None:
        """Show another step's items (the step card reuses its lists): nothing chosen yet."""
        self.items = tuple(one_line(i) for i in items)
        self.cursor = 0
        self._reset()
        self.refresh(layout=True)

    def _reset(self) -> None:
        """Forget what was ticked or rated (the view brings the new step's)."""

    def action_cursor(self, delta: int) -> None:
        self.cursor = (self.cursor + delta) % len(self.items)
        self.refresh()

    def _cursor_style(self, row: int) -> Style | None:
        if row == self.cursor and self.has_focus and not self.read_only:
            return self.get_component_rich_style("cursor-list--cursor", partial=True)
        return None

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


class ChecklistView(_CursorList):
    """Items with a tick box; `x` (or a click) ticks the highlighted one."""

    @dataclass
    class Toggled(Message):
        item: int

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("checklist")

    def __init__(self, items: tuple[str, ...], *, read_only: bool = False, **kwargs: str | None):
        super().__init__(items, read_only=read_only, **kwargs)
        self.checked: frozenset[int] = frozenset()

    def _reset(self) -> None:
        self.checked = frozenset()

    def show(self, checked: frozenset[int]) -> None:
        if checked != self.checked:
            self.checked = checked
            self.refresh()

    def action_toggle(self) -> None:
        if not self.read_only:
            self.post_message(self.Toggled(self.cursor))

    def on_click(self, event: events.Click) -> None:
        if 0 <= event.y < len(self.items):
            self.cursor = event.y
            self.action_toggle()
            self.refresh()

    def render(self) -> Text:
        done = self.get_component_rich_style("cursor-list--done", partial=True)
        out = Text(end="")
        for i, item in enumerate(self.items):
            if i:
                out.append("\n")
            ticked = i in self.checked
            line = Text(f"{'›' if i == self.cursor else ' '} [{'x' if ticked else ' '}] ")
            line.append(item, done if ticked else "")
            style = self._cursor_style(i)
            if style is not None:
                line.stylize(style)
            out.append_text(line)
        return out


class FeedbackTable(_CursorList):
    """Rate each item good / neutral / bad with 1 / 2 / 3 (or a click on the word)."""

    @dataclass
    class Rated(Message):
        item: int
        rating: Rating

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("ratings")

    def __init__(self, items: tuple[str, ...], *, read_only: bool = False, **kwargs: str | None):
        super().__init__(items, read_only=read_only, **kwargs)
        self.ratings: dict[int, Rating] = {}
        self._label_width = max((len(i) for i in self.items), default=0)

    def _reset(self) -> None:
        self.ratings = {}
        self._label_width = max((len(i) for i in self.items), default=0)

    def show(self, ratings: tuple[tuple[int, Rating], ...]) -> None:
        new = dict(ratings)
        if new != self.ratings:
            self.ratings = new
            self.refresh()

    def action_rate(self, which: int) -> None:
        if self.read_only:
            return
        self.post_message(self.Rated(self.cursor, RATINGS[which]))
        if self.cursor < len(self.items) - 1:
            self.cursor += 1
        self.refresh()

    def _columns(self) -> list[tuple[int, int]]:
        x = 2 + self._label_width + 2
        spans = []
        for n, rating in enumerate(RATINGS, 1):
            width = len(f"{n} {rating.value}") + 2
            spans.append((x, x + width))
            x += width + 1
        return spans

    def on_click(self, event: events.Click) -> None:
        if not 0 <= event.y < len(self.items):
            return
        self.cursor = event.y
        for n, (start, end) in enumerate(self._columns()):
            if start <= event.x < end:
                self.action_rate(n)
                self.cursor = event.y
                return
        self.refresh()

    def render(self) -> Text:
        dim = self.get_component_rich_style("cursor-list--dim", partial=True)
        chosen = self.get_component_rich_style("cursor-list--done", partial=True)
        out = Text(end="")
        for i, item in enumerate(self.items):
            if i:
                out.append("\n")
            line = Text(f"{'›' if i == self.cursor else ' '} {item.ljust(self._label_width)}  ")
            style = self._cursor_style(i)
            if style is not None:
                line.stylize(style)
            current = self.ratings.get(i)
            for n, rating in enumerate(RATINGS, 1):
                if rating is current:
                    line.append(f"●{n} {rating.value} ", chosen + _REVERSE)
                else:
                    line.append(f"○{n} {rating.value} ", dim)
                line.append(" ")
            out.append_text(line)
        return out
