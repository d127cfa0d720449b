"""`coach present`: the lesson on a projector, driven by the instructor.

A room reads this from meters away, so the step title and the timer are
large (`Digits` for the timer), the chrome is minimal, and the next step is
previewed so the class knows what is coming. Two things differ from a run:

- **Timers wait for the instructor.** Entering a step with a timer (timed,
  open, hold) pauses the session at once: the class is still getting ready.
  `t` starts it (a `Resume`); Enter also starts it and goes on. The pause is
  an ordinary engine pause, so waiting time is never counted as active time,
  and a follower sees "Ready: the timer starts when the instructor begins".
- **Private notes.** The step's instructor `note` lives in a side pane that
  `i` shows and hides (`n` answers "no" on a check-in, so it is not notes).
  It is never in the journal, so `follow` cannot leak it.

The session is a journaled `LiveSession` (mode ``present``) so `coach follow`
and `coach serve` mirror it. The screen composes the run's shared `StepView`
(it does not subclass the run's screen); check-ins, STOP, dialogs and the
summary are the run's own app and screens.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Digits, Static

from coach.engine import View
from coach.engine import commands as c
from coach.text import one_line
from coach.ui import keymap
from coach.ui.app import CoachApp
from coach.ui.fmt import clock, literal, literal_line
from coach.ui.messages import Send
from coach.ui.session import SessionLike
from coach.ui.widgets.key_bar import KeyBar
from coach.ui.widgets.progress import ChangeOnlyStatic
from coach.ui.widgets.step_view import StepView

PRESENT_CSS = """
PresentScreen #present-title {
    height: auto;
    padding: 1 2 0 2;
    text-style: bold;
    color: $accent;
    text-align: center;
}
PresentScreen #present-timer {
    width: 100%;
    height: auto;
    text-align: center;
    text-style: bold;
}
PresentScreen #present-timer.-done { color: $success; }
PresentScreen #present-main { height: 1fr; }
PresentScreen #present-left { width: 1fr; }
PresentScreen #present-notes {
    width: 38%;
    height: 100%;
    padding: 1 2;
    border-left: thick $secondary;
    background: $secondary 10%;
    display: none;
}
PresentScreen #present-notes.-shown { display: block; }
PresentScreen #present-next { height: 1; padding: 0 2; color: $text-muted; }
"""


def next_title(session: SessionLike, view: View) -> str:
    if view.step is None:
        return ""
    flat = session.lesson.flat_steps()
    if view.step.index + 1 >= len(flat):
        return "Next: the end of the lesson"
    return f"Next: {one_line(flat[view.step.index + 1].step.title)}"


def timer_digits(view: View) -> str:
    timer = view.timer
    if timer.mode is None:
        return ""
    if timer.done:
        return "0:00"
    return clock(timer.seconds)


class PresentScreen(Screen[None]):
    """Big title and timer, the shared step view, the next step; notes in a pane (`i`)."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("present")
    HELP_VIEW = "present"

    def __init__(self, session: SessionLike, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.session = session
        self.armed = False
        self.step_view = StepView(session.lesson, cursor_blink=cursor_blink)
        self.big_title = Static("", id="present-title", markup=False)
        self.digits = Digits("", id="present-timer")
        self.next_label = ChangeOnlyStatic("", id="present-next")
        self.notes = Static("", id="present-notes", markup=False)
        self._step_key: int | None = None
        self._digits_text = ""
        self._bindings_key: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        with Horizontal(id="present-main"):
            with Vertical(id="present-left"):
                yield self.big_title
                yield self.digits
                yield self.step_view
            yield self.notes
        yield self.next_label
        yield KeyBar()

    @property
    def notes_shown(self) -> bool:
        return self.notes.has_class("-shown")

    def show(self, view: View, *, saved: bool = True, unsaved_text: str = "● not saved") -> None:
        self.step_view.show(view, saved=saved, unsaved_text=unsaved_text)
        if self.step_view.card is not None:
            self.step_view.card.title.display = False  # it is large above
        if view.step is not None and view.step.index != self._step_key:
            self._step_key = view.step.index
            step = view.step.step
            self.big_title.update(literal_line(step.title))
            note = step.note
            self.notes.update(
                literal(f"Notes · {one_line(step.title)}\n\n{note}")
                if note
                else literal("No notes for this step.")
            )
        digits = timer_digits(view)
        if digits != self._digits_text:
            self._digits_text = digits
            self.digits.update(digits)
        self.digits.display = bool(digits)
        self.digits.set_class(view.timer.done, "-done")
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
        if view is None or action in ("notes", "next"):
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
        self.notes.toggle_class("-shown")

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
    """The coach app with the projector screen and instructor-started timers."""

    CSS = PRESENT_CSS

    def __init__(self, session: SessionLike, **kwargs: object) -> None:
        super().__init__(session, **kwargs)  # type: ignore[arg-type]
        self.present_screen: PresentScreen | None = None
        self._entered: int | None = None

    @property
    def armed(self) -> bool:
        """A step's timer waits for the instructor (the session is paused for it)."""
        return self.present_screen is not None and self.present_screen.armed

    def make_step_screen(self, session: SessionLike) -> PresentScreen:
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


def launch_present(name_or_path: str, *, sound: bool = False) -> int:
    """`coach present LESSON`: the exit code."""
    import sys

    from coach.lesson.catalog import resolve
    from coach.live import LiveSession
    from coach.ui.launch import NOT_A_TTY, _is_tty

    if not _is_tty():
        print(NOT_A_TTY, file=sys.stderr)
        return 2
    lesson, path = resolve(name_or_path)
    session = LiveSession.start(lesson, Path(path), mode="present")
    try:
        return int(PresentApp(session, sound=sound).run() or 0)
    finally:
        session.close()
        if session.problem:
            print(f"coach: {session.problem}", file=sys.stderr)
