"""STOP: everything freezes until the person chooses what happens next.

The receiver's "stop completely" must always work, so `s` is bound on every
screen of a running session, and this dialog offers exactly the engine's stop
choices: resume, back a step, or end the session.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from coach.ui import keymap
from coach.ui.fmt import clock
from coach.ui.widgets.key_bar import KeyBar

StopChoiceName = Literal["resume", "back", "end"]


class StopDialog(ModalScreen[StopChoiceName]):
    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("stop")

    def __init__(self, at_seconds: float) -> None:
        super().__init__(classes="dialog")
        self.at_seconds = at_seconds

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box stop-box"):
            yield Static(f"Stopped at {clock(self.at_seconds)}", classes="dialog-title")
            yield Static("Everything is frozen. Take the time you need.", markup=False)
            with Vertical(classes="buttons stacked"):
                yield Button("Resume (r)", id="resume", variant="primary", compact=True)
                yield Button("Back a step (b)", id="back", compact=True)
                yield Button("End the session (e)", id="end", variant="error", compact=True)

        yield KeyBar()

    def action_choose(self, choice: StopChoiceName) -> None:
        self.dismiss(choice)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        choice = event.button.id
        if choice in ("resume", "back", "end"):
            self.dismiss(choice)  # type: ignore[arg-type]
