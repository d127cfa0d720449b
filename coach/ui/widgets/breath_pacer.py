"""A breath you can see from the corner of your eye.

A bar grows from the middle outwards on the inhale and shrinks on the exhale.
"press on the exhale" is shown exactly while the exhale lasts; between
positions the bar gives way to what the hands do ("withdraw · move to 3
o'clock"). The pacer is the only thing that repaints during a hold: it is
told the phase and fraction (computed by the engine's view from the session
clock, never counted in ticks) and repaints itself, and only itself, when the
drawn picture actually changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.widget import Widget

from coach.ui.fmt import hour_label


@dataclass(frozen=True, slots=True)
class PacerState:
    phase: str | None = None  # inhale / exhale / rest / transition; None when idle or done
    fraction: float = 0.0
    next_hour: int | None = None
    action: str = "withdraw"
    paused: bool = False
    done: bool = False


def fill(phase: str | None, fraction: float) -> float:
    """How full the bar is (0..1): rising on the inhale, falling on the exhale."""
    f = min(1.0, max(0.0, fraction))
    if phase == "inhale":
        return f
    if phase == "exhale":
        return 1.0 - f
    return 0.0


def caption(state: PacerState) -> str:
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
    """The breath as a bar; call `show(...)` as often as you like, it repaints only on change."""

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
        self._drawn: tuple[object, ...] | None = None
        self.paints = 0

    @property
    def state(self) -> PacerState:
        return self._state

    def _cells(self, width: int) -> int:
        """Filled cells, even so the bar stays centred."""
        cells = round(fill(self._state.phase, self._state.fraction) * width / 2) * 2
        return min(width, max(0, cells))

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
        key = (caption(self._state), self._cells(max(2, self.size.width)), phase)
        if key == self._drawn:
            return False
        self._drawn = key
        self.refresh()
        return True

    def render(self) -> Text:
        self.paints += 1
        st = self._state
        width = max(2, self.size.width)
        height = max(1, self.size.height)
        text = caption(st)
        cap_style = self.get_component_rich_style(
            "breath-pacer--press" if st.phase == "exhale" else "breath-pacer--caption",
            partial=True,
        )
        bar = self.get_component_rich_style("breath-pacer--bar", partial=True)
        track = self.get_component_rich_style("breath-pacer--track", partial=True)
        out = Text(no_wrap=True, overflow="crop", end="")
        out.append(text.center(width)[:width], cap_style)
        rows = height - 1
        cells = self._cells(width)
        left = (width - cells) // 2
        for row in range(rows):
            out.append("\n")
            if st.phase == "transition" or st.done or st.phase is None:
                out.append(" " * width)
                continue
            edge = "─" if row == rows - 1 else " "
            out.append(edge * left, track)
            out.append("█" * cells, bar)
            out.append(edge * (width - left - cells), track)
        return out

    def on_resize(self) -> None:
        self._drawn = None
