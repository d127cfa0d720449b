"""The keys of the view it was opened from (from `coach.ui.keymap`), plus why the
session is not being saved (if it is not), and, where a session runs, how to work
it with gloved hands (a pedal or clicker, `--voice`, `--hands-free`). It scrolls,
so it fits any size the app accepts."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from coach.text import one_line
from coach.ui import keymap
from coach.ui.widgets.key_bar import KeyBar

HANDS_LIGHT = (
    "Gloved hands: the partner with clean hands, or a foot pedal or presenter clicker, "
    "works the keys. Most USB pedals and clickers send PageDown / Right / Enter (next) and "
    "PageUp / Left (back), or can be set to in their own tool. "
    "STOP is s, one key either of you can reach at any time. "
    "Follow by ear with `coach run --voice`; with --hands-free, lead-ins count in and start "
    "by themselves and timers and holds move on when they end: at most one key per step."
)
"""Shown under the keys where a session runs (the README says the same)."""

SESSION_VIEWS = ("step", "present")


def keys_table(view: str) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for keys, meaning in keymap.help_rows(view):
        table.add_row(keys, meaning)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("help")

    def __init__(self, view: str = "step", problem: str | None = None) -> None:
        super().__init__(classes="dialog")
        self.view = view
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box help-box"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                if self.problem:
                    yield Static(
                        Text.assemble(("Not saved: ", "bold"), one_line(self.problem)),
                        id="help-problem",
                        markup=False,
                    )
                yield Static(keys_table(self.view))
                if self.view in SESSION_VIEWS:
                    yield Static("\n" + HANDS_LIGHT, id="help-hands", markup=False)
            yield Button("Close (Esc)", id="close", variant="primary", compact=True)

        yield KeyBar()

    def action_close(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
