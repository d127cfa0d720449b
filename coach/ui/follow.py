"""`coach follow`: a read-only mirror of someone else's session, for a class.

It never talks to the instructor's process: it reads the instructor's
journal. At start it replays the whole journal (`Mirror.feed`), then polls a
`JournalTail` ten times a second (a ``stat`` when nothing changed, a few
microseconds) and folds in what arrived, so the step, the checklist, the dial
and the pacer follow within a poll. Between events the pacer keeps moving on
its own: the mirror estimates the instructor's session time from the last
event's wall time (see `coach.mirror`).

The screen composes the run's own `StepView`, read-only and without notes,
so a class sees exactly what a person running the lesson sees, minus every
key that would change anything, and never the instructor's notes.

With no session named, it follows the newest session that has not ended and,
if there is none yet, waits for one to begin (a class can open the page
before the instructor starts).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from coach.engine import View
from coach.errors import CoachError
from coach.journal.store import (
    JournalError,
    journal_paths,
    local_now,
    summarize,
)
from coach.journal.tail import JournalTail
from coach.lesson.model import Lesson
from coach.mirror import Mirror
from coach.text import one_line
from coach.ui import keymap
from coach.ui.widgets.key_bar import KeyBar
from coach.ui.widgets.step_view import StepView

POLL_SECONDS = 0.1
WAIT_SECONDS = 1.0
READY_WINDOW = 0.5  # a pause this close to entering the step is the presenter's "ready"
LIVE_CANDIDATES = 20

LessonFor = Callable[[object], tuple[Lesson, Path]]


def find_live_session(directory: Path | None = None) -> Path | None:
    """The newest journal that has not ended (run or present; never a drill).

    Looks at the most recently modified journals only: a live session is
    written to as it runs, so it is among the newest files.
    """
    try:
        paths = list(journal_paths(directory))
    except JournalError:
        return None

    def mtime(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    for path in sorted(paths, key=mtime, reverse=True)[:LIVE_CANDIDATES]:
        summary = summarize(path)
        if summary.status == "interrupted" and summary.mode in ("run", "present"):
            return path
    return None


def status_text(view: View, mirror: Mirror) -> str:
    """The one line that says what the instructor is doing, in a follower's words."""
    st = mirror.state
    if view.status == "idle":
        return "Waiting for the instructor to start"
    if view.status == "ended":
        message = f": {view.end_message}" if view.end_message else ""
        return f"Session ended{message}"
    if view.status == "stopped":
        return "Stopped by the instructor"
    if view.status == "paused":
        entered = st.step_entered_at
        if (
            view.timer.mode is not None
            and st.paused_at is not None
            and st.paused_at - entered <= READY_WINDOW
        ):
            return "Ready: the timer starts when the instructor begins"
        return "Paused by the instructor"
    return ""


def reminders_text(view: View) -> Text:
    out = Text(end="")
    for i, reminder in enumerate(view.reminders):
        if i:
            out.append("\n")
        out.append("⚑ " + one_line(reminder.text), style="bold")
    return out


class FollowScreen(Screen[None]):
    """The run's step view, read-only, without notes, with a follower's status line."""

    HELP_VIEW = "follow"

    def __init__(self, mirror: Mirror, *, cursor_blink: bool = True) -> None:
        super().__init__()
        self.mirror = mirror
        self.step_view = StepView(mirror.lesson, read_only=True, cursor_blink=cursor_blink)
        self._reminders_key: tuple[str, ...] = ()
        self.ready = False

    def compose(self) -> ComposeResult:
        yield self.step_view
        yield KeyBar()

    def on_mount(self) -> None:
        self.ready = True  # children are mounted: safe to show

    def show_follow(self, view: View) -> None:
        self.step_view.show(view)
        key = tuple(r.key for r in view.reminders)
        if key != self._reminders_key:
            # The same reminders, without "press Enter to acknowledge": that key is not ours.
            self._reminders_key = key
            if view.reminders:
                self.step_view.banner.update(reminders_text(view))
        text = status_text(view, self.mirror)
        self.step_view.set_status(text)
        self.step_view.paused.set_class(view.status == "ended", "-ended")


class FollowApp(App[int]):
    """Mirror the session journaled at `path` (or the newest live one)."""

    CSS_PATH = "app.tcss"
    TITLE = "coach · follow"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    #waiting { width: auto; height: auto; padding: 1 2; text-style: bold; }
    #paused.-ended { background: $success 25%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("follow")

    def __init__(
        self,
        path: Path | None = None,
        *,
        directory: Path | None = None,
        lesson_for: LessonFor | None = None,
        poll_seconds: float = POLL_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = local_now,
        animate: bool = True,
        auto_poll: bool = True,
    ) -> None:
        super().__init__()
        self.path = path
        self.directory = directory
        self._lesson_for = lesson_for
        self.poll_seconds = poll_seconds
        self._monotonic = monotonic
        self._wall = wall
        self.animate = animate
        self.auto_poll = auto_poll
        self.tail: JournalTail | None = JournalTail(path) if path is not None else None
        self.mirror: Mirror | None = None
        self.follow_screen: FollowScreen | None = None
        self.problem: str | None = None
        self.polls = 0
        self._generation = 0
        self._timer: Timer | None = None
        self._timer_period = 0.0
        self.waiting = Static("Waiting for a session to begin…", id="waiting", markup=False)
        if not animate:
            self.animation_level = "none"

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield self.waiting

    def on_mount(self) -> None:
        self.poll()

    def on_unmount(self) -> None:
        self._set_timer(0.0)
        if self.tail is not None:
            self.tail.close()

    # ------------------------------------------------------------------ polling

    def _set_timer(self, period: float) -> None:
        if not self.auto_poll or period == self._timer_period:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._timer_period = period
        if period > 0:
            self._timer = self.set_interval(period, self.poll)

    def _fail(self, message: str) -> None:
        self.problem = message
        self.waiting.update(f"Cannot follow: {one_line(message)}")
        self._set_timer(0.0)

    def poll(self) -> View | None:
        """Read what the journal gained, fold it in, render; the view shown (if any)."""
        self.polls += 1
        if self.problem is not None:
            return None
        if self.tail is None:
            found = find_live_session(self.directory)
            if found is None:
                self._set_timer(WAIT_SECONDS)
                return None
            self.path = found
            self.tail = JournalTail(found)
        try:
            records = self.tail.poll()
        except JournalError as exc:
            self._fail(str(exc))
            return None
        if self.tail.generation != self._generation:
            self._generation = self.tail.generation
            self.mirror = None  # replaced journal: start over from its header
        if self.mirror is None:
            if self.tail.header is None:
                name = one_line(self.path.name) if self.path else "a session"
                self.waiting.update(f"Waiting for {name}…")
                self._set_timer(WAIT_SECONDS if not self.tail.exists else self.poll_seconds)
                return None
            try:
                lesson, _path = self._resolve(self.tail.header)
            except CoachError as exc:
                self._fail(str(exc))
                return None
            self.mirror = Mirror(lesson, monotonic=self._monotonic, wall=self._wall)
            self._open_screen(self.mirror)
            self.call_after_refresh(self.render_now)
        try:
            self.mirror.feed(records)
        except CoachError as exc:
            self._fail(f"{self.path}: {exc}")
            return None
        view = self.mirror.view()
        if self.follow_screen is not None and self.follow_screen.ready:
            self.follow_screen.show_follow(view)
        self._set_timer(0.0 if view.status == "ended" else self.poll_seconds)
        return view

    def render_now(self) -> None:
        """Draw the mirror's view at this moment (no journal read)."""
        screen = self.follow_screen
        if self.mirror is not None and screen is not None and screen.ready:
            screen.show_follow(self.mirror.view())

    def _resolve(self, header: object) -> tuple[Lesson, Path]:
        if self._lesson_for is not None:
            return self._lesson_for(header)
        from coach.live import lesson_for

        return lesson_for(header)  # type: ignore[arg-type]

    def _open_screen(self, mirror: Mirror) -> None:
        screen = FollowScreen(mirror, cursor_blink=self.animate)
        if self.follow_screen is not None:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        self.follow_screen = screen

    # ------------------------------------------------------------------ actions

    def action_quit_follow(self) -> None:
        self.exit(0)

    def action_help(self) -> None:
        from coach.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen("follow"))


def launch_follow(session: str | None = None) -> int:
    """`coach follow [SESSION]`: the exit code."""
    import os
    import sys

    from coach.journal.store import find_session

    # Under `coach serve` the app talks to a browser, not a terminal.
    if "TEXTUAL_DRIVER" not in os.environ and not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("coach: needs an interactive terminal (stdin/stdout is not a TTY)", file=sys.stderr)
        return 2

    path: Path | None = None
    if session:
        path = find_session(session).path
    elif (path := find_live_session()) is None:
        print("coach: no live session yet; waiting for one to begin (q quits)", file=sys.stderr)
    return int(FollowApp(path).run() or 0)
