"""`coach present`: the presenter's console; the class watches `coach follow --projector`.

One keyboard, two screens, one journal. This terminal is the instructor's:
the step as a run shows it, the private notes (`i` hides them), the next
step, and time against the plan (elapsed vs planned for this step and for the
lesson). The projector is a second terminal running
`coach follow --projector`: it reads the journal this console writes and
draws only what a class may see, in large type, never the notes (they live in
the lesson, not the journal). Keys the console adds (see `keymap`):

- `b` or `.` (a clicker's black-screen key) blanks the projector and shows it
  again: the engine's `BlankProjector`, journaled as `ProjectorBlanked`;
- `g` opens a searchable list of every section and step (`coach.ui.jump`);
- clickers' PageDown / Right / Enter go on, PageUp / Left go back.

Timers wait for the instructor: entering a step with a timer holds it (the
engine's lead-in, or a pause) until `t` or Enter starts it, so waiting for the
room is never active time. Check-ins, STOP, dialogs and the summary are the
run's own (`CoachApp`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from coach.engine import View
from coach.engine import commands as c
from coach.lesson.model import Lesson, planned_seconds
from coach.text import one_line
from coach.ui import keymap
from coach.ui.app import CoachApp
from coach.ui.fmt import clock, literal
from coach.ui.messages import Send
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
EXIT_GRACE_SECONDS = 3.0  # after SIGHUP/SIGTERM, the longest the console may take to end


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


class PresentScreen(Screen[None]):
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

    def send(self, command: c.Command) -> None:
        self.post_message(Send(command))

    def flush_review(self) -> None:
        text = self.step_view.take_review()
        if text is not None:
            self.send(c.ReviewText(text))

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
        view = self.step_view.current
        if view is not None and view.needs_ack:
            self.send(c.AckReminder())
            return
        self.flush_review()
        self.send(c.Next())

    def action_back(self) -> None:
        self.flush_review()
        self.send(c.Back())

    def action_skip(self) -> None:
        self.flush_review()
        self.send(c.Skip())

    def action_pause(self) -> None:
        self.send(c.Pause())

    def action_resume(self) -> None:
        self.send(c.Resume())

    def action_ack(self) -> None:
        self.send(c.AckReminder())


class PresentApp(CoachApp):
    """The coach app with the presenter's console and instructor-started timers."""

    CSS = PRESENT_CSS

    def __init__(
        self, session: SessionLike, *, start_at: str | None = None, **kwargs: object
    ) -> None:
        super().__init__(session, **kwargs)  # type: ignore[arg-type]
        self.present_screen: PresentScreen | None = None
        self.start_at = start_at  # `--from STEP`: jumped to once the session has begun
        self._entered: int | None = None
        self.hard_exit: Callable[[int], object] = os._exit
        self._watchdog: threading.Timer | None = None

    def on_exit_signal(self, number: int) -> None:
        """Exit as a run does, but never linger as a ghost holding the journal's lock.

        Measured: after SIGHUP (the terminal closed) Textual's shutdown can block
        for ever in its output thread (a write to the vanished terminal fails and
        `WriterThread.stop` waits on a full queue). Followers would then see a
        live session nobody runs. If the app has not ended `EXIT_GRACE_SECONDS`
        after the signal, the journal is closed (every event is already on disk)
        and the process ends.
        """
        super().on_exit_signal(number)
        if self._watchdog is None:
            self._watchdog = threading.Timer(EXIT_GRACE_SECONDS, self.force_exit, (number,))
            self._watchdog.daemon = True
            self._watchdog.start()

    def cancel_watchdog(self) -> None:
        """The app ended by itself: no forced exit."""
        if self._watchdog is not None:
            self._watchdog.cancel()

    def force_exit(self, number: int) -> None:
        """Close the journal (the lock goes with it) and end the process at once."""
        close = getattr(self.session, "close", None)
        if callable(close):
            close()
        self.hard_exit(128 + number)

    @property
    def armed(self) -> bool:
        """A step's timer waits for the instructor (the session is paused for it)."""
        return self.present_screen is not None and self.present_screen.armed

    def make_step_screen(self, session: SessionLike) -> PresentScreen:
        if self.start_at is not None:
            from coach.ui.jump import start_at

            start_at(session, self.start_at)
            self.start_at = None
        self.present_screen = PresentScreen(session, cursor_blink=self.animate)
        return self.present_screen

    def sync(self) -> None:
        self._arm()
        super().sync()

    def _arm(self) -> None:
        """On entering a step with a timer, hold it (pause) until the instructor starts it."""
        if self.session is None:
            return
        view = self.session.view()
        screen = self.present_screen
        if screen is None:
            return
        if view.status != "paused" and not view.waiting_ready:
            screen.armed = False
        if view.step is None or view.status != "running":
            return
        if view.step.index == self._entered:
            return
        self._entered = view.step.index
        if view.waiting_ready:  # the engine's lead-in already holds the timer
            screen.armed = True
            return
        if view.timer.mode is not None and not view.timer.done and self.session.do(c.Pause()):
            screen.armed = True

    def start_timer(self) -> None:
        if self.present_screen is not None and self.armed and self.session is not None:
            self.present_screen.armed = False
            waiting = self.session.view().waiting_ready
            self.send(c.Ready() if waiting else c.Resume())


def launch_present(
    name_or_path: str,
    *,
    sound: bool = False,
    from_step: str | None = None,
    open_session: Callable[[], SessionLike] | None = None,
) -> int:
    """`coach present LESSON [--from STEP]`, or a resumed present session: the exit code."""
    import sys

    from coach.lesson.catalog import resolve
    from coach.live import LiveSession
    from coach.ui.jump import resolve_start
    from coach.ui.launch import NOT_A_TTY, _is_tty, leaving_line

    if not _is_tty():
        print(NOT_A_TTY, file=sys.stderr)
        return 2
    start_at: str | None = None
    if open_session is not None:
        session = open_session()
    else:
        lesson, path = resolve(name_or_path)
        if from_step is not None:
            start_at = resolve_start(lesson, from_step)
        session = LiveSession.start(lesson, Path(path), mode="present")
    print(f"coach: for the projector, in a second terminal: {PROJECTOR_COMMAND}", file=sys.stderr)
    app = PresentApp(session, sound=sound, start_at=start_at)
    try:
        code = int(app.run() or 0)
    finally:
        app.cancel_watchdog()
        close = getattr(session, "close", None)
        if callable(close):
            close()
        problem = getattr(session, "problem", None)
        if problem:
            _say(f"coach: {problem}")
    line = leaving_line(app)
    if line is not None:
        _say(line)
    return code


def _say(line: str) -> None:
    """One line on stderr; a terminal that closed under us (SIGHUP) is not a crash."""
    import contextlib
    import sys

    with contextlib.suppress(OSError):
        print(line, file=sys.stderr)
