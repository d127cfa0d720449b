"""Go to any step or section: the presenter's `g`, and `--from STEP` on the command line.

A class asks "can we do the 9 o'clock hold again?": the presenter presses `g`,
types a few letters of a title, a section or an id, and Enter goes there (the
engine's `JumpTo`, journaled as StepLeft/StepEntered with reason "jump", so
followers and the report see an ordinary move). A section jumps to its first
step. The list is an `OptionList` filtered by an `Input`; every label is made
from lesson text through `coach.text.one_line`, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from coach.engine import commands as c
from coach.errors import CoachError
from coach.lesson.model import Lesson
from coach.text import one_line
from coach.ui import keymap
from coach.ui.session import SessionLike


class UnknownStep(CoachError):
    """`--from` names no step or section of the lesson."""


@dataclass(frozen=True)
class Target:
    """One place to go: a step, or a section (its first step)."""

    step_id: str
    label: str  # what the list shows
    words: str  # what the filter searches (lower case)
    section: bool


def targets(lesson: Lesson) -> list[Target]:
    """Every section and step of `lesson`, in lesson order."""
    out: list[Target] = []
    last_section = -1
    for fs in lesson.flat_steps():
        if fs.section_index != last_section:
            last_section = fs.section_index
            section_id = lesson.section_id(fs.section_index)
            title = one_line(fs.section_title)
            out.append(Target(fs.id, f"§ {title}", f"{title} {section_id}".lower(), section=True))
        title = one_line(fs.step.title)
        label = f"   {fs.index + 1:>2}. {title}  ({one_line(fs.id)})"
        out.append(Target(fs.id, label, f"{title} {fs.id} {fs.index + 1}".lower(), section=False))
    return out


def matching(all_targets: list[Target], query: str) -> list[Target]:
    """The targets whose words hold every word of `query` (case-insensitive)."""
    words = query.lower().split()
    return [t for t in all_targets if all(w in t.words for w in words)]


def resolve_start(lesson: Lesson, wanted: str) -> str:
    """The step id `--from` means: a step id, a section id, or a 1-based step number."""
    flat = lesson.flat_steps()
    for fs in flat:
        if fs.id == wanted:
            return fs.id
    for fs in flat:
        if lesson.section_id(fs.section_index) == wanted:
            return fs.id
    if wanted.isdigit() and 1 <= int(wanted) <= len(flat):
        return flat[int(wanted) - 1].id
    ids = ", ".join(fs.id for fs in flat[:6])
    raise UnknownStep(
        f"--from {one_line(wanted)[:60]!r}: lesson {lesson.id!r} has no such step or section "
        f"(a step id such as {ids}…, a section id, or a step number 1-{len(flat)})"
    )


MAX_ACKS = 20  # reminders acknowledged on the way to `--from` (a lesson has a handful)


def start_at(session: SessionLike, step_id: str) -> None:
    """Begin `session` (if it has not) and go straight to `step_id` (`--from`).

    The first step's ack reminders would block the jump; they are acknowledged
    on the way (the person chose to skip that step), and the journal says so.
    """
    if session.state.status == "idle":
        session.do(c.Start())
    for _ in range(MAX_ACKS):
        if not session.view().needs_ack:
            break
        session.do(c.AckReminder())
    view = session.view()
    if view.step is not None and view.step.id != step_id:
        session.do(c.JumpTo(step_id))


class JumpScreen(ModalScreen[str | None]):
    """A filter box over every section and step; Enter goes, Esc stays."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("jump")
    HELP_VIEW = "present"
    DEFAULT_CSS = """
    JumpScreen { align: center middle; }
    JumpScreen > Vertical {
        width: 80%; max-width: 90; height: 80%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    JumpScreen #jump-title { text-style: bold; height: 1; }
    JumpScreen OptionList { height: 1fr; }
    """

    def __init__(self, lesson: Lesson, current: str | None = None) -> None:
        super().__init__()
        self.all = targets(lesson)
        self.shown: list[Target] = list(self.all)
        self.current = current
        self.filter = Input(placeholder="type to filter: a title, section or id", id="jump-filter")
        self.options = OptionList(id="jump-list")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Go to a step or section", id="jump-title", markup=False)
            yield self.filter
            yield self.options

    def on_mount(self) -> None:
        self._fill()
        here = next(
            (i for i, t in enumerate(self.shown) if t.step_id == self.current and not t.section),
            0,
        )
        self.options.highlighted = here
        self.filter.focus()

    def _fill(self) -> None:
        self.options.clear_options()
        self.options.add_options(
            Option(Text(t.label, style="bold" if t.section else ""), id=str(i))
            for i, t in enumerate(self.shown)
        )
        if self.shown:
            self.options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self.shown = matching(self.all, event.value)
        self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose()

    def action_move(self, delta: int) -> None:
        if not self.shown:
            return
        now = self.options.highlighted or 0
        self.options.highlighted = max(0, min(len(self.shown) - 1, now + delta))

    def action_choose(self) -> None:
        index = self.options.highlighted
        if index is None or not 0 <= index < len(self.shown):
            return
        self.dismiss(self.shown[index].step_id)

    def action_close(self) -> None:
        self.dismiss(None)
