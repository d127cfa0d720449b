"""Choose a lesson: every bundled lesson and the person's own, with what to expect.

Each row says title, minutes, summary, content note and where it comes from,
so a person knows what they are agreeing to before they press Enter. Lessons
that fail to load are listed (with their error) but cannot be started.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coach.lesson.catalog import Entry
from coach.text import one_line
from coach.ui.widgets.key_bar import KeyBar


def entry_prompt(entry: Entry) -> Text:
    out = Text(end="")
    if entry.lesson is None:
        out.append(one_line(entry.path.name), "bold")
        out.append(f"  ({entry.source})\n", "dim")
        out.append(one_line(str(entry.error) if entry.error else "cannot be read"), "italic")
        return out
    lesson = entry.lesson
    out.append(one_line(lesson.title), "bold")
    out.append(f"  · {lesson.minutes} min · {entry.source}\n", "dim")
    out.append(one_line(lesson.summary))
    if lesson.content_note:
        out.append("\nContent note: ", "italic")
        out.append(one_line(lesson.content_note), "italic")
    return out


class PickerScreen(Screen[None]):
    """The list of lessons; Enter starts one."""

    @dataclass
    class Chosen(Message):
        entry: Entry

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Start", show=True),
        Binding("question_mark", "app.help", "Help", show=True),
        Binding("q", "app.quit", "Quit", show=True),
    ]

    def __init__(self, entries: list[Entry]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        yield Static("coach · choose a lesson   (↑ ↓ to move, Enter to start)", id="picker-title")
        options: list[Option | None] = []
        for i, entry in enumerate(self.entries):
            if i:
                options.append(None)  # a separator line between lessons
            options.append(Option(entry_prompt(entry), id=str(i), disabled=entry.lesson is None))
        if not options:
            yield Static("No lessons found.", id="picker-empty")
        yield OptionList(*options, id="lessons")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_choose(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            self._choose(option_list.get_option_at_index(option_list.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        if option_id is None:
            return
        entry = self.entries[int(option_id)]
        if entry.lesson is not None:
            self.post_message(self.Chosen(entry))
