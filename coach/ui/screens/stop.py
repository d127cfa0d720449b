"""STOP: everything freezes until the person chooses what happens next.

The receiver's "stop completely" must always work, so `s` is bound on every
screen of a running session, and this dialog offers exactly the engine's stop
choices: resume, back a step, or end the session.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from coach.ui.fmt import clock
from coach.ui.widgets.key_bar import KeyBar

StopChoiceName = Literal["resume", "back", "end"]


class StopDialog(ModalScreen[StopChoiceName]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('resume')", "Resume", show=True),
        Binding("b", "choose('back')", "Back a step", show=True),
        Binding("e", "choose('end')", "End the session", show=True),
    ]

    def __init__(self, at_seconds: float) -> None:
        super().__init__(classes="dialog")
        self.at_seconds = at_seconds

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box stop-box"):
            yield Static(f"Stopped at {clock(self.at_seconds)}", classes="dialog-title")
            yield Static("Everything is frozen. Take the time you need.", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Resume (r)", id="resume", variant="primary")
                yield Button("Back a step (b)", id="back")
                yield Button("End the session (e)", id="end", variant="error")

        yield KeyBar()

    def action_choose(self, choice: StopChoiceName) -> None:
        self.dismiss(choice)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        choice = event.button.id
        if choice in ("resume", "back", "end"):
            self.dismiss(choice)  # type: ignore[arg-type]
