"""A clear message instead of a broken layout when the terminal is too small.

STOP and pause still work here: a person who shrinks the window mid-hold
must still be able to freeze everything.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 60
MIN_HEIGHT = 20


def enlarge_text(width: int, height: int) -> str:
    return (
        f"Please enlarge the terminal\n(needs {MIN_WIDTH}×{MIN_HEIGHT}, now {width}×{height})."
        "\n\ns stops · p pauses"
    )


class TooSmallScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "app.stop", "STOP", show=False),
        Binding("p,space", "app.toggle_pause", "Pause", show=False),
    ]

    def __init__(self, width: int, height: int) -> None:
        super().__init__(classes="too-small")
        self.message = Static(enlarge_text(width, height), id="enlarge", markup=False)

    def compose(self) -> ComposeResult:
        yield self.message

    def show_size(self, width: int, height: int) -> None:
        self.message.update(enlarge_text(width, height))
