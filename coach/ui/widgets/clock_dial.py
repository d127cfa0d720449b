"""A clock face drawn in text cells, with the hold's positions on its rim.

The person's hands are busy and their eyes glance over: the current position is
lit (bold reverse, visible even with NO_COLOR), the next one is underlined and
marked, done ones are dimmed. The dial repaints only when the position changes,
never on a breath tick, so a hold costs one small widget per frame (the pacer).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

WIDTH = 27
HEIGHT = 11
COMPACT_HEIGHT = 7


@dataclass(frozen=True, slots=True)
class DialState:
    """Everything the dial draws; equal states draw the same picture."""

    positions: tuple[int, ...] = ()
    index: int = 0
    done: bool = False
    paused: bool = False

    @property
    def hour(self) -> int | None:
        return self.positions[self.index] if self.positions and not self.done else None

    @property
    def next_hour(self) -> int | None:
        if self.done or self.index + 1 >= len(self.positions):
            return None
        return self.positions[self.index + 1]


def _point(hour: int, rx: float, ry: float, cx: float, cy: float) -> tuple[int, int]:
    angle = math.radians((hour % 12) * 30)
    return round(cx + rx * math.sin(angle)), round(cy - ry * math.cos(angle))


class ClockDial(Widget):
    """The clock positions of a hold on a circle.

    Call `show(positions, index, done=...)`; it repaints only if the picture changes.
    """

    DEFAULT_CSS = """
    ClockDial {
        width: 27;
        height: 11;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "clock-dial--rim",
        "clock-dial--hour",
        "clock-dial--current",
        "clock-dial--next",
        "clock-dial--done",
        "clock-dial--centre",
    }

    def __init__(
        self,
        positions: tuple[int, ...] = (),
        index: int = 0,
        *,
        done: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._state = DialState(tuple(positions), index, done)
        self.paints = 0  # how often render ran: tests check the dial stays still

    @property
    def state(self) -> DialState:
        return self._state

    def show(
        self, positions: tuple[int, ...], index: int, *, done: bool = False, paused: bool = False
    ) -> bool:
        """Set what to draw; returns True (and repaints) only when it changed."""
        new = DialState(tuple(positions), index, done, paused)
        if new == self._state:
            return False
        self._state = new
        self.refresh()
        return True

    def render(self) -> Text:
        self.paints += 1
        st = self._state
        rim = self.get_component_rich_style("clock-dial--rim", partial=True)
        plain = self.get_component_rich_style("clock-dial--hour", partial=True)
        current = self.get_component_rich_style("clock-dial--current", partial=True)
        nxt = self.get_component_rich_style("clock-dial--next", partial=True)
        done = self.get_component_rich_style("clock-dial--done", partial=True)
        centre = self.get_component_rich_style("clock-dial--centre", partial=True)

        # Full size, or compact on a short terminal (the app's `-short` class sets the height).
        height = HEIGHT if self.size.height >= HEIGHT else COMPACT_HEIGHT
        cells: list[list[tuple[str, Style]]] = [
            [(" ", Style()) for _ in range(WIDTH)] for _ in range(height)
        ]
        cx, cy = (WIDTH - 1) / 2, (height - 1) / 2
        rx, ry = 11.5, cy - 0.2
        for step in range(0, 360, 4):
            angle = math.radians(step)
            x = round(cx + rx * math.sin(angle))
            y = round(cy - ry * math.cos(angle))
            if 0 <= x < WIDTH and 0 <= y < height:
                cells[y][x] = ("·", rim)

        def put(x: int, y: int, text: str, style: Style) -> None:
            for i, ch in enumerate(text):
                if 0 <= x + i < WIDTH and 0 <= y < height:
                    cells[y][x + i] = (ch, style)

        for i, hour in enumerate(st.positions):
            x, y = _point(hour, rx, ry, cx, cy)
            label = str(hour)
            if st.done or i < st.index:
                style, text = done, f"{label}✓"
            elif i == st.index:
                style, text = current, f" {label} "
            elif i == st.index + 1:
                style, text = nxt, f"›{label}"
            else:
                style, text = plain, label
            # Centre the label on its point; keep it inside the box.
            left = min(max(0, x - len(text) // 2), WIDTH - len(text))
            put(left, y, text, style)

        lines: list[str]
        if st.done:
            lines = ["all done"]
        elif st.hour is not None:
            lines = [f"now {st.hour}"]
            if st.next_hour is not None:
                lines.append(f"next {st.next_hour}")
        else:
            lines = []
        top = round(cy) - (len(lines) - 1) // 2 if lines else 0
        for row, text in enumerate(lines):
            put(round(cx - len(text) / 2 + 0.5), top + row, text, centre)

        out = Text(no_wrap=True, overflow="crop", end="")
        for r, row in enumerate(cells):
            for ch, style in row:
                out.append(ch, style)
            if r < height - 1:
                out.append("\n")
        return out
