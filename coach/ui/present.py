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
  `n` shows and hides. It is never in the journal, so `follow` cannot leak it.

The session is a journaled `LiveSession` (mode ``present``) so `coach follow`
and `coach serve` mirror it. Everything else (check-ins, STOP, reminders, the
summary) is the run's own app and screens.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Static

from coach.engine import View
from coach.engine import commands as c
from coach.text import one_line
from coach.ui.app import CoachApp
from coach.ui.fmt import clock, literal, literal_line
from coach.ui.screens.step import StepScreen
from coach.ui.session import SessionLike
from coach.ui.widgets.key_bar import KeyBar
from coach.ui.widgets.progress import ChangeOnlyStatic

PRESENT_CSS = """
PresentScreen #where { height: 1; padding: 0 1; background: $panel; }
PresentScreen #present-hidden { display: none; }
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
PresentScreen #body { width: 1fr; }
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
    return clock(timer.seconds, up=timer.mode == "up")


class PresentScreen(StepScreen):
    """Big title and timer, the next step previewed, notes in a pane (`n`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *StepScreen.BINDINGS,
        Binding("t", "start_timer", "Start timer", show=True),
    ]

    def __init__(self, session: SessionLike, *, cursor_blink: bool = True) -> None:
        super().__init__(session, show_notes=False, cursor_blink=cursor_blink)
        self.big_title = Static("", id="present-title", markup=False)
        self.digits = Digits("", id="present-timer")
        self.next_label = ChangeOnlyStatic("", id="present-next")
        self.notes = Static("", id="present-notes", markup=False)
        self._step_key: int | None = None
        self._digits_text = ""

    def compose(self) -> ComposeResult:
        with Horizontal(id="where"):
            yield self.position
            yield self.unsaved
            yield self.elapsed
        yield self.progress
        with Vertical(id="present-hidden"):
            yield self.title_label
            yield self.timer
        yield self.big_title
        yield self.digits
        yield self.paused
        yield self.banner
        yield self.say
        with Horizontal(id="present-main"):
            yield self.body
            yield self.notes
        yield self.next_label
        yield self.refusal
        yield KeyBar()

    @property
    def present(self) -> PresentApp:
        app = self.app
        assert isinstance(app, PresentApp)
        return app

    @property
    def notes_shown(self) -> bool:
        return self.notes.has_class("-shown")

    def show(self, view: View, *, precise: bool, saved: bool = True) -> None:
        super().show(view, precise=precise, saved=saved)
        if view.step is not None and view.step.index != self._step_key:
            self._step_key = view.step.index
            self.call_after_refresh(self._hide_card_title)
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
        if self.present.armed:
            self.paused.set("Ready — press t to start the timer")
            self.paused.display = True

    def _hide_card_title(self) -> None:
        # The card repeats the title in body type; here it is already large above.
        if self.card is not None:
            for widget in self.card.query("#step-title"):
                widget.display = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        armed = isinstance(self.app, PresentApp) and self.app.armed
        if action == "notes":
            return True
        if action == "start_timer":
            return True if armed else None
        if action == "next" and armed:
            return True
        if action == "resume" and armed:
            return False  # `t` says it better
        return super().check_action(action, parameters)

    def action_notes(self) -> None:
        self.notes.toggle_class("-shown")

    def action_start_timer(self) -> None:
        self.present.start_timer()

    def action_next(self) -> None:
        if self.present.armed:
            self.present.start_timer()
        super().action_next()


class PresentApp(CoachApp):
    """The coach app with the projector screen and instructor-started timers."""

    CSS = PRESENT_CSS

    def __init__(self, session: SessionLike, **kwargs: object) -> None:
        super().__init__(session, **kwargs)  # type: ignore[arg-type]
        self.armed = False
        self._entered: int | None = None

    def _begin(self) -> None:
        # Hook: the same start as CoachApp._begin, with the projector screen.
        session = self._session
        if session.state.status == "idle":
            session.do(c.Start())
        self.step_screen = PresentScreen(session, cursor_blink=self.animate)
        self.push_screen(self.step_screen)
        self.call_after_refresh(self.sync)

    def sync(self) -> None:
        self._arm()
        super().sync()

    def _arm(self) -> None:
        """On entering a step with a timer, hold it (pause) until the instructor starts it."""
        if self.session is None:
            return
        view = self.session.view()
        if view.status != "paused" and not view.waiting_ready:
            self.armed = False
        if view.step is None or view.status != "running":
            return
        if view.step.index == self._entered:
            return
        self._entered = view.step.index
        if view.waiting_ready:  # the engine's lead-in already holds the timer
            self.armed = True
            return
        if view.timer.mode is not None and not view.timer.done and self.session.do(c.Pause()):
            self.armed = True

    def start_timer(self) -> None:
        if self.armed and self.session is not None:
            self.armed = False
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
