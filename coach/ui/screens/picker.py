"""Choose a lesson: every bundled lesson and the person's own, with what to expect.

Each row says title, minutes, summary, content note and where it comes from,
so a person knows what they are agreeing to before they press Enter. The list
starts on an interrupted session to resume (offered first, `r` or Enter), else
on the default lesson (the tour). Lesson files that fail to load are listed as
broken with their first problem and cannot be started; one bad file never
takes the list down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coach.lesson.catalog import DEFAULT_LESSON_ID, Entry
from coach.text import one_line
from coach.ui import keymap
from coach.ui.session import Resumable
from coach.ui.widgets.key_bar import KeyBar

RESUME_ID = "resume"
PROBLEM_CHARS = 200


def entry_problem(entry: Entry) -> str:
    """The first problem of a lesson file that does not load, on one short line."""
    problem = getattr(entry, "problem", None)  # the catalog's own line, where it has one
    if not isinstance(problem, str) or not problem:
        error = entry.error
        problems = getattr(error, "problems", None) if error is not None else None
        problem = str(problems[0]) if problems else str(error) if error else "cannot be read"
    line = one_line(problem)
    return line if len(line) <= PROBLEM_CHARS else line[: PROBLEM_CHARS - 1] + "…"


def entry_prompt(entry: Entry) -> Text:
    out = Text(end="")
    if entry.lesson is None:
        out.append(one_line(entry.path.name), "bold")
        out.append(f"  · broken · {entry.source}\n", "dim")
        out.append(entry_problem(entry), "italic")
        return out
    lesson = entry.lesson
    out.append(one_line(lesson.title), "bold")
    out.append(f"  · {lesson.minutes} min · {entry.source}\n", "dim")
    out.append(one_line(lesson.summary))
    if lesson.content_note:
        out.append("\nContent note: ", "italic")
        out.append(one_line(lesson.content_note), "italic")
    return out


def resume_prompt(resumable: Resumable) -> Text:
    out = Text("Resume: ", style="bold", end="")
    out.append(one_line(resumable.title), "bold")
    out.append(f"\ninterrupted session {one_line(resumable.session_id)}", "dim")
    return out


class PickerScreen(Screen[None]):
    """The list of lessons; Enter starts one (or resumes the interrupted session)."""

    @dataclass
    class Chosen(Message):
        entry: Entry

    @dataclass
    class Resume(Message):
        resumable: Resumable

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("picker")
    HELP_VIEW = "picker"

    def __init__(self, entries: list[Entry], resumable: Resumable | None = None) -> None:
        super().__init__()
        self.entries = entries
        self.resumable = resumable
        self.notice = Static("", id="picker-notice", markup=False)
        self.notice.display = False

    def compose(self) -> ComposeResult:
        yield Static("coach · choose a lesson   (↑ ↓ to move, Enter to start)", id="picker-title")
        options: list[Option | None] = []
        if self.resumable is not None:
            options.append(Option(resume_prompt(self.resumable), id=RESUME_ID))
        for i, entry in enumerate(self.entries):
            if options:
                options.append(None)  # a separator line between lessons
            options.append(Option(entry_prompt(entry), id=str(i), disabled=entry.lesson is None))
        if not options:
            yield Static("No lessons found.", id="picker-empty")
        yield self.notice
        yield OptionList(*options, id="lessons")
        yield KeyBar()

    def show_notice(self, text: str) -> None:
        """One line above the list (what just happened: "nothing was started")."""
        self.notice.update(text)
        self.notice.display = bool(text)

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        option_list.focus()
        start = RESUME_ID if self.resumable is not None else self._default_id()
        if start is not None:
            option_list.highlighted = option_list.get_option_index(start)

    def _default_id(self) -> str | None:
        for i, entry in enumerate(self.entries):
            if entry.lesson is not None and entry.lesson.id == DEFAULT_LESSON_ID:
                return str(i)
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return self.resumable is not None
        return True

    def action_choose(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            self._choose(option_list.get_option_at_index(option_list.highlighted).id)

    def action_resume(self) -> None:
        self._choose(RESUME_ID)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        self.show_notice("")
        if option_id is None:
            return
        if option_id == RESUME_ID:
            if self.resumable is not None:
                self.post_message(self.Resume(self.resumable))
            return
        entry = self.entries[int(option_id)]
        if entry.lesson is not None:
            self.post_message(self.Chosen(entry))
