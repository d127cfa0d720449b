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

import threading
from collections.abc import Callable
from pathlib import Path

from coach.crash import run_app
from coach.engine import commands as c
from coach.ui.app import CoachApp
from coach.ui.console import PRESENT_CSS, PROJECTOR_COMMAND, PresentScreen
from coach.ui.session import SessionLike

EXIT_GRACE_SECONDS = 3.0  # after SIGHUP/SIGTERM, the longest the console may take to end


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
        self._watchdog: threading.Timer | None = None

    def on_exit_signal(self, number: int) -> None:
        """Exit as a run does, but never linger as a ghost holding the journal's lock.

        Measured: after SIGHUP (the terminal closed) Textual's shutdown can block
        for ever in its output thread (a write to the vanished terminal fails and
        `WriterThread.stop` waits on a full queue). Followers would then see a
        live session nobody runs. If the app has not ended `EXIT_GRACE_SECONDS`
        after the signal, the journal is closed (every event is already on disk),
        which frees the lock.
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
        """Close the journal: the lock goes with it, so followers see the coach stopped.

        The process is left to Textual's own shutdown (no hard exit): every event
        is on disk already, and nothing is held. Upstream, signal handling on
        exit is Textualize/textual#5140 (open); see `on_exit_signal`.
        """
        close = getattr(self.session, "close", None)
        if callable(close):
            close()

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
        code = run_app(app, where="coach present")
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
