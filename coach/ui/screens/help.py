"""Every key in one place, plus why the session is not being saved (if it is not)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from coach.ui.widgets.key_bar import KeyBar

KEYS: tuple[tuple[str, str], ...] = (
    ("Enter  →", "next step (or acknowledge a reminder)"),
    ("←  Backspace", "back a step"),
    ("k", "skip this step (marked skipped)"),
    ("Space  p", "pause / resume (on a checklist, Space ticks; use p)"),
    ("s", "STOP: freeze everything, then resume / back / end"),
    ("a", "acknowledge the reminder"),
    ("↑  ↓", "move in a checklist or rating list"),
    ("Space", "tick the highlighted checklist item"),
    ("1  2  3", "rate the highlighted item good / neutral / bad"),
    ("y  n", "answer a check-in question"),
    ("Esc", "leave the review text box"),
    ("n", "show or hide the instructor note (when allowed)"),
    ("x", "export (on the summary)"),
    ("?", "this help"),
    ("q", "quit (asks first)"),
)


def keys_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, what in KEYS:
        table.add_row(key, what)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,enter", "close", "Close", show=True)
    ]

    def __init__(self, problem: str | None = None) -> None:
        super().__init__(classes="dialog")
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box help-box"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                yield Static(keys_table())
                if self.problem:
                    yield Static(
                        Text.assemble(("Not saved: ", "bold"), self.problem),
                        id="help-problem",
                        markup=False,
                    )
            yield Button("Close (Esc)", id="close", variant="primary")

        yield KeyBar()

    def action_close(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
