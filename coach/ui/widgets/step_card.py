"""One step as a person reads it: title, what to do, the cue, why, and the step's own body.

The card is built once per step and then only *shown* new values from the
engine's view. It takes two flags so the same card serves three modes:
`show_notes` (the instructor's `note` may be revealed, toggled with `n`) and
`read_only` (a mirror: lists draw but never post). With `dock_hold` the card
keeps its `HoldPanel` out of its own layout so the screen can pin it below the
scrolling text, where it is never scrolled away. All lesson text is
rendered literally (`coach.ui.fmt.literal`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from coach.engine import View
from coach.lesson.model import (
    CheckinStep,
    ChecklistStep,
    FeedbackStep,
    FlatStep,
    HoldStep,
)
from coach.ui.fmt import literal
from coach.ui.widgets.hold_panel import HoldPanel
from coach.ui.widgets.lists import ChecklistView, FeedbackTable


def _text(content: str | None, *, id: str, classes: str = "") -> Static:
    widget = Static(literal(content), id=id, classes=classes, markup=False)
    widget.display = bool(content)
    return widget


class StepCard(Vertical):
    """The current step's words and its interactive body (checklist, ratings, hold)."""

    DEFAULT_CSS = """
    StepCard {
        height: auto;
    }
    """

    def __init__(
        self,
        flat: FlatStep,
        *,
        show_notes: bool = False,
        read_only: bool = False,
        dock_hold: bool = False,
        **kwargs: str | None,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.flat = flat
        self.dock_hold = dock_hold
        self.show_notes = show_notes
        self.read_only = read_only
        step = flat.step
        self.checklist: ChecklistView | None = None
        self.feedback: FeedbackTable | None = None
        self.hold: HoldPanel | None = None
        if isinstance(step, ChecklistStep):
            self.checklist = ChecklistView(step.items, read_only=read_only, id="checklist")
        elif isinstance(step, FeedbackStep):
            self.feedback = FeedbackTable(step.items, read_only=read_only, id="feedback")
        elif isinstance(step, HoldStep):
            self.hold = HoldPanel(step)
        self.note = _text(step.note, id="step-note", classes="note")
        self.note.display = False

    def compose(self) -> ComposeResult:
        step = self.flat.step
        yield _text(step.title, id="step-title")
        yield _text(step.do, id="step-do")
        if isinstance(step, CheckinStep):
            yield _text(step.question, id="step-question")
        yield _text(step.cue, id="step-cue")
        yield _text(step.why, id="step-why")
        for body in (self.checklist, self.feedback, None if self.dock_hold else self.hold):
            if body is not None:
                yield body
        yield self.note

    @property
    def has_note(self) -> bool:
        return self.show_notes and bool(self.flat.step.note)

    def toggle_note(self) -> bool:
        """Show or hide the instructor note (only when notes are allowed); the new state."""
        if not self.has_note:
            self.note.display = False
            return False
        self.note.display = not self.note.display
        return bool(self.note.display)

    @property
    def focus_target(self) -> ChecklistView | FeedbackTable | None:
        return self.checklist or self.feedback

    def show(self, view: View) -> None:
        if self.checklist is not None:
            self.checklist.show(view.checked)
        if self.feedback is not None:
            self.feedback.show(view.ratings)
        if self.hold is not None:
            self.hold.show(view.hold, paused=view.status != "running")
