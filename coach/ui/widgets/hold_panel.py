"""The hold: a clock dial beside a breath pacer and a few short labels.

During a hold this panel is the only thing that changes, and only the pacer
changes every frame: the dial repaints when the position moves, the labels
when their words change (`ChangeOnlyStatic`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from coach.engine.state import HoldView
from coach.lesson.model import HoldStep
from coach.text import one_line
from coach.ui.fmt import hour_label
from coach.ui.widgets.breath_pacer import BreathPacer
from coach.ui.widgets.clock_dial import ClockDial
from coach.ui.widgets.progress import ChangeOnlyStatic


def breath_text(hold: HoldView) -> str:
    if hold.done:
        return "All positions done"
    if hold.in_transition:
        return f"Between positions · next {hour_label(hold.next_hour or hold.hour)}"
    after = hold.breaths - hold.breath  # breaths still to come after this one
    rest = f"{after} more after this" if after else "the last one here"
    return f"{hour_label(hold.hour)} · breath {hold.breath} of {hold.breaths} · {rest}"


class HoldPanel(Horizontal):
    """Dial, pacer and labels for one hold step."""

    DEFAULT_CSS = """
    HoldPanel {
        height: auto;
    }
    HoldPanel > #hold-side {
        height: auto;
        padding: 0 0 0 2;
    }
    HoldPanel ChangeOnlyStatic {
        height: auto;
    }
    """

    def __init__(self, step: HoldStep, **kwargs: str | None) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.step = step
        positions = tuple(p.at for p in step.positions)
        self.dial = ClockDial(positions, 0)
        self.pacer = BreathPacer()
        self.breath = ChangeOnlyStatic("", id="hold-breath")
        self.depth = ChangeOnlyStatic(f"Depth: {step.depth.label}", id="hold-depth")
        self.extra = ChangeOnlyStatic("", id="hold-note")

    def set_step(self, step: HoldStep) -> None:
        """Show another hold (the step card keeps one panel for every hold of the lesson)."""
        self.step = step
        self.dial.show(tuple(p.at for p in step.positions), 0)
        self.depth.set(f"Depth: {step.depth.label}")
        self.breath.set("")
        self.extra.set("")

    def compose(self) -> ComposeResult:
        yield self.dial
        with Vertical(id="hold-side"):
            yield self.pacer
            yield self.breath
            yield self.depth
            yield self.extra

    def show(self, hold: HoldView | None, *, paused: bool = False) -> None:
        if hold is None:
            return
        self.dial.show(hold.positions, hold.index, done=hold.done)
        self.pacer.show(
            None if hold.done else hold.phase,
            hold.phase_fraction,
            next_hour=hold.next_hour,
            action=hold.between_action,
            paused=paused,
            done=hold.done,
        )
        self.breath.set(breath_text(hold))
        extra = ""
        if hold.in_transition and self.step.between.text:
            extra = one_line(self.step.between.text)
        elif not hold.done:
            note = self.step.positions[hold.index].note
            extra = one_line(note) if note else ""
        self.extra.set(extra)
