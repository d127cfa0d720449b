"""Before the lesson: its content note, agreed to on purpose.

Shown when the lesson has a `content_note` or opens with a screening
check-in. Enter / y continues; Esc / n goes back.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from coach.lesson.model import CheckinStep, Lesson
from coach.ui.fmt import literal, literal_line
from coach.ui.widgets.key_bar import KeyBar


def screening(lesson: Lesson) -> CheckinStep | None:
    """The check-in that opens the lesson, if the lesson starts with one."""
    first = lesson.sections[0].steps[0]
    return first if isinstance(first, CheckinStep) else None


def needs_note(lesson: Lesson) -> bool:
    return bool(lesson.content_note) or screening(lesson) is not None


class ContentNoteScreen(Screen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "answer(True)", "Continue", show=True),
        Binding("escape,n", "answer(False)", "Back", show=True),
    ]

    def __init__(self, lesson: Lesson) -> None:
        super().__init__()
        self.lesson = lesson

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
            with Horizontal(classes="buttons"):
                yield Button("Continue (Enter)", id="yes", variant="primary")
                yield Button("Back (Esc)", id="no")
        yield KeyBar()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")
