"""A check-in as a typed yes/no dialog.

The question is modal because the engine will not move on without an answer.
After the answer, the route's `say` (if any) is shown before the dialog
closes, so "One more round. Take your time." is read, not missed. The engine
routes; the dialog only reads the lesson to show the words.

The app keeps one dialog and points it at each check-in (`ask`) instead of
making a screen per question: Textual keeps every rendered widget's style
cache alive in a class-wide cache (Textualize/textual#6665), so a fresh
dialog per check-in grew a long session's memory by its widgets each time
(tests/ui/test_checkin_memory.py tells us when upstream fixes it).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from coach.lesson.model import CheckinStep
from coach.ui import keymap
from coach.ui.fmt import literal
from coach.ui.widgets.key_bar import KeyBar


class CheckinDialog(ModalScreen[bool]):
    """Yes / no; dismisses with the answer.

    Answers are deliberate: `y` / `n` or a click. The answer buttons never take
    focus, so a stray Enter (say, the one that finished the previous step) does
    not answer "yes"; Enter only continues once an answer's message is shown.
    """

    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("checkin")

    def __init__(self, step: CheckinStep, step_id: str) -> None:
        super().__init__(classes="dialog")
        self.step = step
        self.step_id = step_id
        self.answer: bool | None = None

    def ask(self, step: CheckinStep, step_id: str) -> CheckinDialog:
        """Point the dialog at another check-in, unanswered (before it is pushed again)."""
        self.step, self.step_id, self.answer = step, step_id, None
        if self.is_mounted:
            self._show()
        return self

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(classes="dialog-title", id="checkin-title", markup=False)
            yield Static(id="question", markup=False)
            yield Static("", id="checkin-say", markup=False)
            with Horizontal(classes="buttons", id="answer-buttons"):
                yield _unfocusable(Button("Yes (y)", id="yes", variant="primary"))
                yield _unfocusable(Button("No (n)", id="no"))
            with Horizontal(classes="buttons", id="continue-buttons"):
                yield _unfocusable(Button("Continue (Enter)", id="continue", variant="primary"))

        yield KeyBar()

    def on_mount(self) -> None:
        self._show()

    def on_screen_resume(self) -> None:
        self.set_focus(None)

    def _show(self) -> None:
        self.query_one("#checkin-title", Static).update(literal(self.step.title))
        self.query_one("#question", Static).update(literal(self.step.question))
        self.query_one("#checkin-say").display = False
        self.query_one("#answer-buttons").display = True
        self.query_one("#continue-buttons").display = False
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return self.answer is None
        if action == "done":
            return self.answer is not None
        return True

    def action_answer(self, yes: bool) -> None:
        if self.answer is not None:
            return
        self.answer = yes
        say = self.step.route(yes).say
        if not say:
            self.dismiss(yes)
            return
        said = self.query_one("#checkin-say", Static)
        said.update(literal(f"{'Yes' if yes else 'No'}. {say}"))
        said.display = True
        self.query_one("#answer-buttons").display = False
        self.query_one("#continue-buttons").display = True
        self.refresh_bindings()

    def action_done(self) -> None:
        if self.answer is not None:
            self.dismiss(self.answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "yes":
            self.action_answer(True)
        elif event.button.id == "no":
            self.action_answer(False)
        else:
            self.action_done()


def _unfocusable(button: Button) -> Button:
    """Pressed by a click or its key binding, never by Enter on a focused button."""
    button.can_focus = False
    return button
