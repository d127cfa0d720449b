"""Large block letters for the projector: a title and a timer read from the back of a room.

A projected 80x24 terminal has cells about 2 cm tall; ordinary text is
unreadable past the third row of seats. FIGlet fonts (pyfiglet) draw each
letter four or five cells tall. The text is first made one visible line
(`coach.text.one_line`), so nothing from a lesson reaches the terminal but the
block letters themselves. When the block form cannot be drawn (a character the
font lacks, or more rows than `max_rows` at this width), the widget shows the
plain text in bold instead: a title is never cut or garbled.
"""

from __future__ import annotations

from functools import lru_cache

from pyfiglet import Figlet
from rich.text import Text
from textual import events
from textual.widgets import Static

from coach.text import one_line

TITLE_FONT = "smblock"  # 4 rows of quadrant blocks, about 3.5 columns a letter
TIMER_FONT = "ansi_regular"  # 5 rows of full blocks, about 8 columns a digit


@lru_cache(maxsize=16)
def _figlet(font: str, width: int) -> Figlet:
    return Figlet(font=font, width=width)


def block_lines(text: str, font: str, width: int, max_rows: int) -> list[str] | None:
    """`text` in the block font, wrapped at `width`; None if it cannot fit in `max_rows`."""
    shown = one_line(text).strip()
    if not shown or width < 8 or not (shown.isascii() and shown.isprintable()):
        return None
    drawn = _figlet(font, width).renderText(shown)
    lines = [line.rstrip() for line in drawn.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    if not lines or len(lines) > max_rows or any(len(line) > width for line in lines):
        return None
    return lines


class BigText(Static):
    """Text in large block letters, centred; plain bold text when the blocks cannot fit."""

    DEFAULT_CSS = """
    BigText { width: 100%; height: auto; text-align: center; }
    """

    def __init__(
        self, text: str = "", *, font: str = TITLE_FONT, max_rows: int = 8, id: str | None = None
    ) -> None:
        super().__init__("", id=id, markup=False)
        self.font = font
        self.max_rows = max_rows
        self.text = text
        self.blocky = False
        self._drawn_for: tuple[str, int] | None = None

    def set_text(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self._draw()

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self, event: events.Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        width = self.size.width or (self.app.size.width if self.is_attached else 80)
        key = (self.text, width)
        if key == self._drawn_for:
            return
        self._drawn_for = key
        lines = block_lines(self.text, self.font, width, self.max_rows)
        self.blocky = lines is not None
        if lines is None:
            self.update(Text(one_line(self.text), style="bold", justify="center"))
        else:
            # Pad every row to one width so centring keeps the letters aligned.
            wide = max(len(line) for line in lines)
            self.update(Text("\n".join(line.ljust(wide) for line in lines), justify="center"))

    @property
    def plain(self) -> str:
        """The text as a person reads it (for tests and screen readers)."""
        return one_line(self.text)
