"""A clear message instead of a broken layout when the terminal is too small.

The session is paused while this is up (the app pauses it, and resumes it
when the terminal is large enough again): a hold must not run on unseen.
STOP and quit still work here, and the screen says so; resuming waits for a
screen large enough to see the session on.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

from coach.ui import keymap

MIN_WIDTH = 60
MIN_HEIGHT = 20


def enlarge_text(width: int, height: int) -> str:
    return (
        f"Please enlarge the terminal\n(needs {MIN_WIDTH}×{MIN_HEIGHT}, now {width}×{height})."
        "\nThe session is paused meanwhile."
        "\n\ns STOP · q quit"
    )


class TooSmallScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("too_small")

    def __init__(self, width: int, height: int) -> None:
        super().__init__(classes="too-small")
        self.message = Static(enlarge_text(width, height), id="enlarge", markup=False)

    def compose(self) -> ComposeResult:
        yield self.message

    def show_size(self, width: int, height: int) -> None:
        self.message.update(enlarge_text(width, height))
