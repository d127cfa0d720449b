"""Before the lesson: its content note, agreed to on purpose.

Shown when the lesson has a `content_note` or opens with a screening
check-in. Enter / y continues; Esc / n leaves without starting: the app makes
the session only after "Continue", so leaving saves nothing. From the picker
the second button goes back to it; under `coach run` it leaves coach.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from coach.lesson.model import CheckinStep, Lesson
from coach.ui import keymap
from coach.ui.fmt import literal, literal_line
from coach.ui.widgets.key_bar import KeyBar


def screening(lesson: Lesson) -> CheckinStep | None:
    """The check-in that opens the lesson, if the lesson starts with one."""
    first = lesson.sections[0].steps[0]
    return first if isinstance(first, CheckinStep) else None


def needs_note(lesson: Lesson) -> bool:
    return bool(lesson.content_note) or screening(lesson) is not None


class ContentNoteScreen(Screen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("note")
    HELP_VIEW = "note"

    def __init__(self, lesson: Lesson, *, from_picker: bool = False) -> None:
        super().__init__()
        self.lesson = lesson
        self.from_picker = from_picker

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Static(literal_line(self.lesson.title), classes="dialog-title", markup=False)
            yield Static("Before you start", classes="subtitle")
            with VerticalScroll(id="note-text"):
                if self.lesson.content_note:
                    yield Static(literal(self.lesson.content_note), markup=False)
                if screening(self.lesson) is not None:
                    yield Static(
                        "The lesson begins with a few questions to check it suits you today.",
                        classes="hint",
                    )
                yield Static("You can pause (Space) or stop (s) at any moment.", classes="hint")
                yield Static("Nothing is saved until you continue.", classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Continue (Enter)", id="yes", variant="primary", compact=True)
                leave = "Back to the list (Esc)" if self.from_picker else "Leave (Esc)"
                yield Button(leave, id="no", compact=True)
        yield KeyBar()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")
