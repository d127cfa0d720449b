"""The presenter's console screen: what only the instructor sees during `coach present`.

The step as a run shows it (the shared `StepView`), the private notes, the
next step, time against the plan (elapsed vs planned for the step and the
lesson, `coach.lesson.model.planned_seconds`) and whether the projector is
blanked. Its keys post `Send(command)` to the app, like every session screen;
`coach.ui.present.PresentApp` hosts it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from coach.engine import commands as c
from coach.engine.state import View
from coach.lesson.model import Lesson, planned_seconds
from coach.text import one_line
from coach.ui import keymap
from coach.ui.app import CoachApp
from coach.ui.fmt import clock, literal
from coach.ui.screens.session_keys import SessionKeys
from coach.ui.session import SessionLike
from coach.ui.widgets.key_bar import KeyBar
from coach.ui.widgets.progress import ChangeOnlyStatic
from coach.ui.widgets.step_view import StepView

PRESENT_CSS = """
PresentScreen #console-main { height: 1fr; }
PresentScreen #console-left { width: 1fr; }
PresentScreen #console-side {
    width: 40%;
    height: 100%;
    padding: 0 1;
    border-left: thick $secondary;
}
PresentScreen #console-projector { height: auto; text-style: bold; }
PresentScreen #console-projector.-blank { background: $error; color: $text; }
PresentScreen #console-plan { height: auto; margin: 1 0 0 0; }
PresentScreen #console-next { height: auto; margin: 1 0 0 0; color: $text-muted; }
PresentScreen #console-notes {
    height: 1fr;
    margin: 1 0 0 0;
    padding: 0 1;
    background: $secondary 10%;
}
PresentScreen #console-notes.-hidden { display: none; }
"""

PROJECTOR_COMMAND = "coach follow --projector"


def next_title(session: SessionLike, view: View) -> str:
    if view.step is None:
        return ""
    flat = session.lesson.flat_steps()
    if view.step.index + 1 >= len(flat):
        return "Next: the end of the lesson"
    return f"Next: {one_line(flat[view.step.index + 1].step.title)}"


def plan_text(lesson: Lesson, view: View, step_seconds: float) -> Text:
    """Time against the plan: this step and the whole lesson, elapsed vs planned."""
    out = Text(end="")
    out.append("Time against the plan\n", style="bold")
    if view.step is not None:
        planned = planned_seconds(view.step.step, lesson.pace)
        out.append(f"Step    {clock(step_seconds)}")
        if planned:
            out.append(f" of {clock(planned)} planned")
            if step_seconds > planned:
                out.append(f"  (+{clock(step_seconds - planned)})", style="bold")
        else:
            out.append(" (no planned time)")
        out.append("\n")
    planned_lesson = lesson.minutes * 60.0
    out.append(f"Lesson  {clock(view.active_seconds)} of {clock(planned_lesson)} planned")
    if view.active_seconds > planned_lesson:
        out.append(f"  (+{clock(view.active_seconds - planned_lesson)})", style="bold")
    if view.step is not None:
        out.append(f"\nStep {view.step_number} of {view.step_count}")
    return out


def notes_text(view: View) -> Text:
    if view.step is None:
        return literal("")
    step = view.step.step
    if step.note:
        return literal(f"Notes · {one_line(step.title)}\n\n{step.note}")
    return literal("No notes for this step.")


class PresentScreen(SessionKeys, Screen[None]):
    """The console: the step, notes, the next step, the plan, the projector's state."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("present")
    HELP_VIEW = "present"

    def __init__(self, session: SessionLike, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.session = session
        self.armed = False
        self.step_view = StepView(session.lesson, cursor_blink=cursor_blink)
        self.projector = Static("", id="console-projector", markup=False)
        self.plan = Static("", id="console-plan", markup=False)
        self.next_label = ChangeOnlyStatic("", id="console-next")
        self.notes = Static("", id="console-notes", markup=False)
        self._step_key: int | None = None
        self._step_started = 0.0  # active seconds when this step was first shown
        self._bindings_key: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        with Horizontal(id="console-main"):
            with Vertical(id="console-left"):
                yield self.step_view
            with Vertical(id="console-side"):
                yield self.projector
                yield self.plan
                yield self.next_label
                yield self.notes
        yield KeyBar()

    @property
    def notes_shown(self) -> bool:
        return not self.notes.has_class("-hidden")

    @property
    def blank(self) -> bool:
        return bool(getattr(self.session.state, "projector_blank", False))

    def show(self, view: View, *, saved: bool = True, unsaved_text: str = "● not saved") -> None:
        self.step_view.show(view, saved=saved, unsaved_text=unsaved_text)
        if view.step is not None and view.step.index != self._step_key:
            self._step_key = view.step.index
            self._step_started = view.active_seconds
            self.notes.update(notes_text(view))
        step_seconds = max(0.0, view.active_seconds - self._step_started)
        self.plan.update(plan_text(self.session.lesson, view, step_seconds))
        blank = self.blank
        self.projector.update(
            "Projector: BLANK (b or . shows it)"
            if blank
            else f"Projector: showing · in a second terminal: {PROJECTOR_COMMAND}"
        )
        self.projector.set_class(blank, "-blank")
        self.next_label.set(next_title(self.session, view))
        if self.armed:
            self.step_view.set_status("Ready — press t to start the timer")
        key = (view.status, view.needs_ack, self.armed)
        if key != self._bindings_key:
            self._bindings_key = key
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.step_view.current
        if action == "start_timer":
            return True if self.armed else None
        if view is None or action in ("notes", "next", "jump", "blank"):
            return True
        if action == "pause":
            return view.status == "running"
        if action == "resume":
            return view.status == "paused" and not self.armed  # `t` says it better
        if action == "ack":
            return view.needs_ack
        return True

    def action_notes(self) -> None:
        self.notes.toggle_class("-hidden")

    def action_blank(self) -> None:
        self.send(c.BlankProjector(not self.blank))

    def action_jump(self) -> None:
        from coach.ui.jump import JumpScreen

        view = self.step_view.current
        here = view.step.id if view is not None and view.step is not None else None

        def chosen(step_id: object) -> None:
            # After the dialog lets time run again (a paused session refuses a jump).
            if isinstance(step_id, str):
                self.app.call_later(self.jump_to, step_id)

        app = self.app
        if isinstance(app, CoachApp):
            app.ask(JumpScreen(self.session.lesson, here), chosen)

    def jump_to(self, step_id: str) -> None:
        self.flush_review()
        view = self.session.view()
        if view.status == "paused":
            self.send(c.Resume())  # a jump goes on from there (a held timer waits again)
        self.armed = False
        self.send(c.JumpTo(step_id))

    def action_start_timer(self) -> None:
        if self.armed:
            self.armed = False
            view = self.step_view.current
            self.send(c.Ready() if view is not None and view.waiting_ready else c.Resume())

    def action_next(self) -> None:
        self.action_start_timer()
        super().action_next()
