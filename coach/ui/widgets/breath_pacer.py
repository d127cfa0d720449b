"""A breath you can see from the corner of your eye.

A bar grows from the middle outwards on the inhale and shrinks on the exhale.
"press on the exhale" is shown exactly while the exhale lasts; between
positions the bar gives way to what the hands do ("withdraw · move to 3
o'clock"). The pacer is the only thing that repaints during a hold: it is
told the phase and fraction (computed by the engine's view from the session
clock, never counted in ticks) and repaints itself, and only itself, when the
drawn picture actually changes. The bar moves in `breath_bar.LEVELS` steps a
phase, so the heartbeat knows when the next one is due and sleeps until then.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, cast

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from coach.ui.fmt import hour_label
from coach.ui.widgets.breath_bar import filled_cells


@dataclass(frozen=True, slots=True)
class PacerState:
    phase: str | None = None  # inhale / exhale / rest / transition; None when idle or done
    fraction: float = 0.0
    next_hour: int | None = None
    action: str = "withdraw"
    paused: bool = False
    done: bool = False


SHORT = {
    "Exhale · press on the exhale": "Exhale · press",
    "Hold complete · Enter to go on": "Done · Enter",
}


def caption(state: PacerState, width: int = 80) -> str:
    """The words over the bar; a shorter form where the long one would be cut."""
    text = _caption(state)
    if len(text) <= width:
        return text
    for long, short in SHORT.items():
        text = text.replace(long, short)
    if len(text) > width and state.phase == "transition" and state.next_hour:
        text = f"{state.action} → {hour_label(state.next_hour)}"
        if len(text) > width:
            text = f"→ {hour_label(state.next_hour)}"
    if len(text) > width:
        text = text.replace(" (paused)", "")  # the screen says it is paused as well
    return text


def _caption(state: PacerState) -> str:
    if state.done:
        return "Hold complete · Enter to go on"
    if state.phase == "inhale":
        text = "Inhale"
    elif state.phase == "exhale":
        text = "Exhale · press on the exhale"
    elif state.phase == "rest":
        text = "Rest"
    elif state.phase == "transition":
        where = f"move to {hour_label(state.next_hour)}" if state.next_hour else "move on"
        text = f"{state.action} · {where}"
    else:
        text = ""
    if state.paused and text:
        text = f"{text} (paused)"
    return text


class BreathPacer(Widget):
    """The breath as a bar; call `show(...)` as often as you like, it repaints only on change.

    A line-API widget: each row is a `Strip` cached per (row kind, width, filled
    cells, caption), and `show` marks dirty only what changed (the caption row
    when the words change, the bar's two moving edges when the fill changes), so
    a frame in a hold renders and sends a few cells, not the whole widget.
    """

    DEFAULT_CSS = """
    BreathPacer {
        height: 5;
        width: 1fr;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "breath-pacer--caption",
        "breath-pacer--press",
        "breath-pacer--bar",
        "breath-pacer--track",
    }

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._state = PacerState()
        self._caption = ""
        self._cells_now = 0
        self._bar_shown = False
        self._picture_key: tuple[PacerState, int] | None = None
        self._picture_now: tuple[str, int, bool] = ("", 0, False)
        self._drawn: tuple[object, ...] | None = None
        self._styles: dict[str, Style] | None = None
        self._strips: dict[tuple[object, ...], Strip] = {}
        self._strips_width = -1
        self.paints = 0  # rows rendered (tests check the pacer does repaint, and the dial not)

    @property
    def state(self) -> PacerState:
        return self._state

    def _cells(self, width: int) -> int:
        return filled_cells(self._state.phase, self._state.fraction, width)

    def show(
        self,
        phase: str | None,
        fraction: float,
        *,
        next_hour: int | None = None,
        action: str = "withdraw",
        paused: bool = False,
        done: bool = False,
    ) -> bool:
        """Update what the pacer shows; returns True if it repainted."""
        self._state = PacerState(phase, fraction, next_hour, action, paused, done)
        width = max(2, self.size.width)
        text = caption(self._state, width)
        cells = self._cells(width)
        bar = not (phase == "transition" or done or phase is None)
        press = phase == "exhale"
        key = (text, cells, bar, press, width)
        drawn = self._drawn
        if key == drawn:
            return False
        self._drawn = key
        old_text, old_cells, old_bar, old_press = (
            (self._caption, self._cells_now, self._bar_shown, None) if drawn is None else drawn[:4]
        )
        self._caption, self._cells_now, self._bar_shown = text, cells, bar
        if drawn is None or drawn[4] != width or not self.is_mounted:
            self.refresh()
            return True
        rows = max(0, self.size.height - 1)
        regions: list[Region] = []
        if text != old_text or press != old_press:
            regions.append(Region(0, 0, width, 1))
        if rows and bar != old_bar:
            regions.append(Region(0, 1, width, rows))
        elif rows and bar and cells != old_cells:
            # Only the edges move. One region from the leftmost moved cell to the
            # rightmost: Textual writes each dirty span of a row from the widget's
            # left edge, so two spans per row would write the row twice.
            old_left, new_left = (width - old_cells) // 2, (width - cells) // 2
            lo = min(old_left, new_left)
            hi = max(old_left + old_cells, new_left + cells)
            regions.append(Region(lo, 1, hi - lo, rows))
        if regions:
            self.refresh(*regions)
        return True

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._strips.clear()

    def _get_styles(self) -> dict[str, Style]:
        if self._styles is None:
            base = self.rich_style
            self._styles = {
                name: base + self.get_component_rich_style(f"breath-pacer--{name}", partial=True)
                for name in ("caption", "press", "bar", "track")
            }
            self._styles["base"] = base
        return self._styles

    def _picture(self, width: int) -> tuple[str, int, bool]:
        """(caption, filled cells, bar shown) for the current state at `width`."""
        if self._picture_key != (self._state, width):
            st = self._state
            bar = not (st.phase == "transition" or st.done or st.phase is None)
            self._picture_key = (self._state, width)
            self._picture_now = (caption(st, width), self._cells(width), bar)
        return self._picture_now

    def render_line(self, y: int) -> Strip:
        width = max(2, self.size.width)
        if width != self._strips_width:
            self._strips.clear()
            self._strips_width = width
        text, cells, bar = self._picture(width)
        rows = max(1, self.size.height) - 1
        if y == 0:
            key: tuple[object, ...] = ("caption", text, self._state.phase == "exhale")
        elif not bar or y > rows:
            key = ("blank",)
        else:
            key = ("bar", cells, y == rows)
        strip = self._strips.get(key)
        if strip is None:
            # Only the current picture's rows are kept (Textual caches crops and
            # filtered copies on each Strip; a cache per cell count would grow them).
            if len(self._strips) >= 4:
                self._strips.clear()
            strip = self._strips[key] = self._make_strip(key, width)
        self.paints += 1
        return strip

    def _make_strip(self, key: tuple[object, ...], width: int) -> Strip:
        styles = self._get_styles()
        if key[0] == "caption":
            style = styles["press"] if key[2] else styles["caption"]
            return Strip([Segment(str(key[1]).center(width)[:width], style)], width)
        if key[0] == "blank":
            return Strip([Segment(" " * width, styles["base"])], width)
        cells = int(cast(int, key[1]))
        edge = "─" if key[2] else " "
        left = (width - cells) // 2
        segments = [
            Segment(edge * left, styles["track"]),
            Segment("█" * cells, styles["bar"]),
            Segment(edge * (width - left - cells), styles["track"]),
        ]
        return Strip([seg for seg in segments if seg.text], width)

    def on_resize(self) -> None:
        self._drawn = None
        self._strips.clear()
        self.refresh()
