"""A check-in as a typed yes/no dialog.

The question is modal because the engine will not move on without an answer.
After the answer, the route's `say` (if any) is shown before the dialog
closes, so "One more round. Take your time." is read, not missed. The engine
routes; the dialog only reads the lesson to show the words.

The app keeps one dialog for the session and asks each check-in with it
(`ask`): a new dialog per check-in (a screen, three buttons, a key bar) was
left for the cyclic garbage collector each time.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from coach.lesson.model import CheckinStep
from coach.ui.fmt import literal
from coach.ui.widgets.key_bar import KeyBar


class CheckinDialog(ModalScreen[bool]):
    """Yes / no; dismisses with the answer.

    Answers are deliberate: `y` / `n` or a click. The answer buttons never take
    focus, so a stray Enter (say, the one that finished the previous step) does
    not answer "yes"; Enter only continues once an answer's message is shown.
    """

    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", show=True),
        Binding("n", "answer(False)", "No", show=True),
        Binding("enter", "done", "Continue", show=True),
        Binding("s", "app.stop", "STOP", show=True),
    ]

    def __init__(self, step: CheckinStep, step_id: str) -> None:
        super().__init__(classes="dialog")
        self.step = step
        self.step_id = step_id
        self.answer: bool | None = None
        self.closed = True  # not on screen, and any earlier closing is done: `ask` may reuse it
        self.title_label = Static("", classes="dialog-title", markup=False)
        self.question = Static("", id="question", markup=False)
        self.said = Static("", id="checkin-say", markup=False)
        self.answers = Horizontal(classes="buttons", id="answer-buttons")
        self.go_on = Horizontal(classes="buttons", id="continue-buttons")
        self._show_question()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield self.title_label
            yield self.question
            yield self.said
            with self.answers:
                yield _unfocusable(Button("Yes (y)", id="yes", variant="primary"))
                yield _unfocusable(Button("No (n)", id="no"))
            with self.go_on:
                yield _unfocusable(Button("Continue (Enter)", id="continue", variant="primary"))

        yield KeyBar()

    def ask(self, step: CheckinStep, step_id: str) -> None:
        """Ask another check-in with this dialog (before it is pushed again)."""
        self.step = step
        self.step_id = step_id
        self.answer = None
        self._show_question()
        if self.is_mounted:
            self.refresh_bindings()

    def _show_question(self) -> None:
        self.title_label.update(literal(self.step.title))
        self.question.update(literal(self.step.question))
        self.said.update("")
        self.said.display = False
        self.answers.display = True
        self.go_on.display = False

    def on_mount(self) -> None:
        self.set_focus(None)

    def on_screen_resume(self) -> None:
        self.closed = False
        self.set_focus(None)

    def on_screen_suspend(self) -> None:
        self.closed = True  # popped (or covered: the app checks the stack too)

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
        self.said.update(literal(f"{'Yes' if yes else 'No'}. {say}"))
        self.said.display = True
        self.answers.display = False
        self.go_on.display = True
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
