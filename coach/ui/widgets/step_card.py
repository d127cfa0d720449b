"""One step as a person reads it: title, what to do, the cue, why, and the step's own body.

The step screen keeps one card for the whole lesson and *re-points* it at each
new step (`set_step`): the same text widgets take the new words, and the
step's body (checklist, feedback table, hold panel) is shown from widgets
kept per kind, made the first time a step of that kind comes: a step change
updates words in place instead of tearing down and mounting a dozen widgets.

Every step shows who does it (the lesson's role name), its `safety:` text
in a bordered box right under the title (it is what keeps the person safe,
so it is never below the fold), and labels its cue ("Notice") and reason
("Why") as the handout and the drill do.

The card takes flags so the same card serves three modes: `show_notes` (the
instructor's `note` may be revealed, toggled with `i`) and `read_only` (a
mirror: lists draw but never post). With `dock_hold` the card keeps its
`HoldPanel` out of its own layout so the screen can pin it below the
scrolling text, where it is never scrolled away. All lesson text is rendered
literally (`coach.ui.fmt.literal`).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from coach.engine.state import View
from coach.lesson.model import (
    CheckinStep,
    ChecklistStep,
    FeedbackStep,
    FlatStep,
    HoldStep,
)
from coach.text import one_line
from coach.ui.fmt import labelled, literal
from coach.ui.widgets.hold_panel import HoldPanel
from coach.ui.widgets.lists import ChecklistView, FeedbackTable


def _text(*, id: str, classes: str = "") -> Static:
    widget = Static("", id=id, classes=classes, markup=False)
    widget.display = False
    return widget


def _say(widget: Static, content: str | None, label: str = "") -> None:
    """Show `content` literally in `widget` (after a bold `label`); hide it when there is none."""
    widget.update(labelled(label, content) if label else literal(content))
    widget.display = bool(content)


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
        roles: dict[str, str] | None = None,
        show_notes: bool = False,
        read_only: bool = False,
        dock_hold: bool = False,
        **kwargs: str | None,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.dock_hold = dock_hold
        self.roles = roles or {}
        self.show_notes = show_notes
        self.read_only = read_only
        self.title = _text(id="step-title")
        self.who = _text(id="step-who")
        self.safety = _text(id="step-safety")
        self.do = _text(id="step-do")
        self.question = _text(id="step-question")
        self.cue = _text(id="step-cue")
        self.why = _text(id="step-why")
        self.note = _text(id="step-note", classes="note")
        # The bodies, one per kind, made when first needed and then kept.
        self.checklist: ChecklistView | None = None
        self.feedback: FeedbackTable | None = None
        self.hold: HoldPanel | None = None
        self.body: ChecklistView | FeedbackTable | HoldPanel | None = None
        self.flat = flat
        self._point(flat)

    def compose(self) -> ComposeResult:
        yield self.title
        yield self.who
        yield self.safety
        yield self.do
        yield self.question
        yield self.cue
        yield self.why
        for body in (self.checklist, self.feedback, None if self.dock_hold else self.hold):
            if body is not None:
                yield body
        yield self.note

    def set_step(self, flat: FlatStep) -> Widget | None:
        """Show `flat` in this card; a body widget made just now (the caller mounts it)."""
        self.flat = flat
        return self._point(flat)

    def _point(self, flat: FlatStep) -> Widget | None:
        step = flat.step
        _say(self.title, step.title)
        who = self.roles.get(step.who, step.who) if step.who else None
        _say(self.who, one_line(who) if who else None, "Who: ")
        _say(self.safety, step.safety, "⚠ Safety: ")
        _say(self.do, step.do)
        _say(self.question, step.question if isinstance(step, CheckinStep) else None)
        _say(self.cue, step.cue, "Notice: ")
        _say(self.why, step.why, "Why: ")
        self.note.update(labelled("Instructor note: ", step.note))
        self.note.display = False
        made: Widget | None = None
        body: ChecklistView | FeedbackTable | HoldPanel | None = None
        if isinstance(step, ChecklistStep):
            if self.checklist is None:
                made = self.checklist = ChecklistView(
                    step.items, read_only=self.read_only, id="checklist"
                )
            else:
                self.checklist.set_items(step.items)
            body = self.checklist
        elif isinstance(step, FeedbackStep):
            if self.feedback is None:
                made = self.feedback = FeedbackTable(
                    step.items, read_only=self.read_only, id="feedback"
                )
            else:
                self.feedback.set_items(step.items)
            body = self.feedback
        elif isinstance(step, HoldStep):
            if self.hold is None:
                made = self.hold = HoldPanel(step)
            else:
                self.hold.set_step(step)
            body = self.hold
        self.body = body
        for widget in (self.checklist, self.feedback, self.hold):
            if widget is not None:
                widget.display = widget is body
        return made

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
        body = self.body
        return body if isinstance(body, ChecklistView | FeedbackTable) else None

    def show(self, view: View) -> None:
        body = self.body
        if isinstance(body, ChecklistView):
            body.show(view.checked)
        elif isinstance(body, FeedbackTable):
            body.show(view.ratings)
        elif isinstance(body, HoldPanel):
            body.show(view.hold, paused=view.status != "running")
