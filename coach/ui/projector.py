"""`coach follow --projector`: what a class may see of a session, in large type.

The presenter's console (`coach present`) writes the journal; this screen,
in a second terminal put on the projector, reads it (through `FollowApp`).
It shows only what the class may see: where the lesson is, the step title
and the timer in block letters (`BigText`), what to do, the safety line, the
checklist, the question, the breath and the reminders. It never shows the
instructor's `note` (the console's private pane): there is no widget here
that could hold it.

When the presenter blanks the projector (`b` or `.` on the console, the
`ProjectorBlanked` event), everything is hidden and the screen goes black;
old journals never blank.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from coach.engine.state import View
from coach.lesson.model import ChecklistStep, FlatStep
from coach.text import one_line
from coach.ui.fmt import clock, hour_label, literal
from coach.ui.widgets.big_text import TIMER_FONT, TITLE_FONT, BigText

PROJECTOR_CSS = """
ProjectorScreen { align: center top; }
ProjectorScreen #projector-body { height: 1fr; padding: 0 1; }
ProjectorScreen #projector-where { color: $text-muted; text-align: center; height: 1; }
ProjectorScreen #projector-title { color: $primary; text-style: bold; margin: 1 0 0 0; }
ProjectorScreen #projector-timer { color: $accent; margin: 1 0 0 0; }
ProjectorScreen #projector-timer.-done { color: $success; }
ProjectorScreen #projector-breath { text-align: center; text-style: bold; height: auto;
    margin: 1 0 0 0; }
ProjectorScreen #projector-text { height: auto; margin: 1 2 0 2; }
ProjectorScreen #projector-reminders { color: $warning; text-style: bold; height: auto;
    text-align: center; }
ProjectorScreen #projector-status { dock: bottom; height: 1; text-align: center;
    text-style: bold; background: $panel; }
ProjectorScreen.-blank { background: black; }
ProjectorScreen.-blank #projector-body { display: none; }
ProjectorScreen.-blank #projector-status { display: none; }
"""


def timer_text(view: View) -> str:
    """The step's clock as the class reads it ("" when the step has none)."""
    timer = view.timer
    if timer.mode is None:
        return ""
    if timer.done:
        return "0:00"
    return clock(timer.seconds)


def breath_text(view: View) -> str:
    """Where the hold is, in words: "6 o'clock · breathe in · 3 of 5"."""
    hold = view.hold
    if hold is None or hold.done:
        return ""
    if hold.in_transition:
        return f"Move to {hour_label(hold.next_hour or hold.hour)}"
    phase = {"inhale": "breathe in", "exhale": "breathe out", "rest": "rest"}.get(
        hold.phase or "", ""
    )
    return f"{hour_label(hold.hour)} · {phase} · breath {hold.breath} of {hold.breaths}"


def class_text(fs: FlatStep, view: View) -> Text:
    """What to do and notice, the question, the checklist, the safety line: never the `note`."""
    step = fs.step
    out = Text(end="")
    parts: list[Text] = []
    if step.do:
        parts.append(literal(step.do))
    if step.cue:
        parts.append(literal(f"Notice: {one_line(step.cue)}"))
    question = getattr(step, "question", None)
    if isinstance(question, str) and question:
        parts.append(literal(question, "bold"))
    if isinstance(step, ChecklistStep):
        lines = Text(end="")
        for i, item in enumerate(step.items):
            if i:
                lines.append("\n")
            lines.append("[x] " if i in view.checked else "[ ] ", style="bold")
            lines.append(one_line(item))
        parts.append(lines)
    if step.safety:
        parts.append(literal(f"Safety: {one_line(step.safety)}", "bold"))
    for i, part in enumerate(parts):
        if i:
            out.append("\n\n")
        out.append_text(part)
    return out


class ProjectorScreen(Screen[None]):
    """Large title and timer, the step's public text, the breath; black while blanked."""

    HELP_VIEW = "follow"

    def __init__(self, mirror: object, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.mirror = mirror
        self.where = Static("", id="projector-where", markup=False)
        self.title_big = BigText("", font=TITLE_FONT, max_rows=8, id="projector-title")
        self.timer_big = BigText("", font=TIMER_FONT, max_rows=6, id="projector-timer")
        self.breath = Static("", id="projector-breath", markup=False)
        self.text = Static("", id="projector-text", markup=False)
        self.reminders = Static("", id="projector-reminders", markup=False)
        self.status = Static("", id="projector-status", markup=False)
        self.ready = False
        self._step_key: tuple[int, frozenset[int]] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="projector-body"):
            yield self.where
            yield self.title_big
            yield self.timer_big
            yield self.breath
            yield self.reminders
            yield self.text
        yield self.status

    def on_mount(self) -> None:
        self.ready = True

    @property
    def blank(self) -> bool:
        return self.has_class("-blank")

    def show_projector(self, view: View, *, blank: bool, status: str) -> None:
        self.set_class(blank, "-blank")
        self.status.update(status)
        self.status.display = bool(status)
        fs = view.step
        if fs is None:
            self.where.update("")
            self.title_big.set_text(status or "")
            self.timer_big.set_text("")
            self.timer_big.display = False
            self.text.update("")
            return
        self.where.update(one_line(view.label))
        key = (fs.index, view.checked)
        if key != self._step_key:
            self._step_key = key
            self.title_big.set_text(fs.step.title)
            self.text.update(class_text(fs, view))
        digits = timer_text(view)
        self.timer_big.set_text(digits)
        self.timer_big.display = bool(digits)
        self.timer_big.set_class(view.timer.done, "-done")
        breath = breath_text(view)
        self.breath.update(breath)
        self.breath.display = bool(breath)
        reminders = "\n".join("⚑ " + one_line(r.text) for r in view.reminders)
        self.reminders.update(reminders)
        self.reminders.display = bool(reminders)

    def visible_text(self) -> str:
        """Every word on the projector now (what the class can read)."""
        if self.blank:
            return ""
        parts = [
            str(self.where.render()),
            self.title_big.plain,
            self.timer_big.plain,
            str(self.breath.render()),
            str(self.reminders.render()),
            str(self.text.render()),
            str(self.status.render()),
        ]
        return "\n".join(parts)
