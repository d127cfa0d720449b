"""`coach follow`: a read-only mirror of someone else's session, for a class.

It never talks to the instructor's process: it reads the instructor's
journal through a `coach.follower.Follower` (shared with the class view),
polled ten times a second (a ``stat`` when nothing changed, a few
microseconds), so the step, the checklist, the dial and the pacer follow
within a poll. Between events the pacer keeps moving on its own: the mirror
estimates the instructor's session time from the last event's wall time
(see `coach.mirror`).

The screen composes the run's own `StepView`, read-only and without notes,
so a class sees exactly what a person running the lesson sees, minus every
key that would change anything, and never the instructor's notes.

With no session named, it follows the newest *live* session (`--lesson`
keeps to one lesson) and, if there is none yet, waits for one to begin. No
ghosts: the writer's lock is asked at every poll, so within a poll of the
instructor's coach ending or dying the view freezes and says "The
instructor's coach stopped"; it then moves on by itself to the next session
the instructor starts (a session that ended stays shown until then). A
session named on the command line is followed to its end and never left.

`--projector` shows the same session as `coach.ui.projector.ProjectorScreen`:
large type for the room, and black while the presenter blanks it.
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

from coach.engine.state import View
from coach.engine.view import view as engine_view
from coach.follower import (
    SEARCH_EVERY,
    STOPPED_MESSAGE,
    Follower,
    FollowError,
    LessonFor,
    find_live,
    status_line,
)
from coach.journal.header import local_now
from coach.mirror import Mirror
from coach.text import one_line
from coach.ui import keymap
from coach.ui.projector import PROJECTOR_CSS, ProjectorScreen
from coach.ui.themes import apply_theme
from coach.ui.widgets.key_bar import KeyBar
from coach.ui.widgets.step_view import StepView

POLL_SECONDS = 0.1
WAIT_SECONDS = 1.0


def status_text(view: View, mirror: Mirror, *, live: bool = True, moves_on: bool = True) -> str:
    """The follower's status line; a coach gone mid-session is said first."""
    if not live and view.status not in ("ended", "idle"):
        return f"{STOPPED_MESSAGE}: waiting for the next session" if moves_on else STOPPED_MESSAGE
    return status_line(view, mirror.state)


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

    def show_follow(self, view: View, *, live: bool = True, moves_on: bool = True) -> None:
        self.step_view.show(view)
        key = tuple(r.key for r in view.reminders)
        if key != self._reminders_key:
            # The same reminders, without "press Enter to acknowledge": that key is not ours.
            self._reminders_key = key
            if view.reminders:
                self.step_view.banner.update(reminders_text(view))
        text = status_text(view, self.mirror, live=live, moves_on=moves_on)
        self.step_view.set_status(text)
        self.step_view.paused.set_class(view.status == "ended", "-ended")


class FollowApp(App[int]):
    """Mirror the session journaled at `path` (or the newest live one, moving on)."""

    CSS_PATH = "app.tcss"
    TITLE = "coach · follow"
    ENABLE_COMMAND_PALETTE = False
    CSS = (
        """
    #waiting { width: auto; height: auto; padding: 1 2; text-style: bold; }
    #paused.-ended { background: $success 25%; }
    """
        + PROJECTOR_CSS
    )
    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("follow")

    def __init__(
        self,
        path: Path | None = None,
        *,
        directory: Path | None = None,
        lesson_id: str | None = None,
        projector: bool = False,
        lesson_for: LessonFor | None = None,
        poll_seconds: float = POLL_SECONDS,
        search_every: float = SEARCH_EVERY,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = local_now,
        animate: bool = True,
        auto_poll: bool = True,
    ) -> None:
        super().__init__()
        apply_theme(self)
        self.follower = Follower(
            path,
            directory=directory,
            lesson_id=lesson_id,
            lesson_for=lesson_for,
            monotonic=monotonic,
            wall=wall,
            search_every=search_every,
        )
        self.projector = projector
        self.poll_seconds = poll_seconds
        self.animate = animate
        self.auto_poll = auto_poll
        self.follow_screen: FollowScreen | ProjectorScreen | None = None
        self.problem: str | None = None
        self._timer: Timer | None = None
        self._timer_period = 0.0
        self.waiting = Static("Waiting for a session to begin…", id="waiting", markup=False)
        if not animate:
            self.animation_level = "none"

    @property
    def path(self) -> Path | None:
        """The journal followed now (None while waiting for a live session)."""
        return self.follower.path

    @property
    def mirror(self) -> Mirror | None:
        return self.follower.mirror

    @property
    def live(self) -> bool:
        """The followed session's coach is running (its writer holds the journal)."""
        return self.follower.live

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield self.waiting

    def on_mount(self) -> None:
        self.poll()

    def on_unmount(self) -> None:
        self._set_timer(0.0)
        self.follower.close()

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
        if self.problem is not None:
            return None
        follower = self.follower
        try:
            follower.poll()
        except FollowError as exc:
            self._fail(str(exc))
            return None
        mirror, tail, path = follower.mirror, follower.tail, follower.path
        if tail is None or path is None:  # no live session yet
            self._set_timer(WAIT_SECONDS)
            return None
        if mirror is None:  # the journal has no header yet
            self.waiting.update(f"Waiting for {one_line(path.name)}…")
            self._set_timer(WAIT_SECONDS if not tail.exists else self.poll_seconds)
            return None
        if self.follow_screen is None or self.follow_screen.mirror is not mirror:
            self._open_screen(mirror)
            self.call_after_refresh(self.render_now)
        view = self.render_now()
        if follower.fixed and mirror.ended:
            self._set_timer(0.0)  # a named session that ended: nothing more will come
        else:
            self._set_timer(WAIT_SECONDS if follower.gone else self.poll_seconds)
        return view

    def current_view(self) -> View | None:
        """The mirror's view now; frozen at its last event once the coach is gone."""
        mirror = self.mirror
        if mirror is None:
            return None
        if not self.live and not mirror.ended:
            return engine_view(mirror.compiled, mirror.state, mirror.state.last_t)
        return mirror.view()

    def render_now(self) -> View | None:
        """Draw the mirror's view at this moment (no journal read)."""
        screen = self.follow_screen
        view = self.current_view()
        if view is None or screen is None or not screen.ready or self.mirror is None:
            return view
        if isinstance(screen, ProjectorScreen):
            text = status_text(view, self.mirror, live=self.live, moves_on=not self.follower.fixed)
            # Black only while someone runs the session: an end or a stopped coach is said.
            blank = self.mirror.state.projector_blank and self.live and view.status != "ended"
            screen.show_projector(view, blank=blank, status=text)
        else:
            screen.show_follow(view, live=self.live, moves_on=not self.follower.fixed)
        return view

    def _open_screen(self, mirror: Mirror) -> None:
        screen: FollowScreen | ProjectorScreen
        if self.projector:
            screen = ProjectorScreen(mirror, cursor_blink=self.animate)
        else:
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


def launch_follow(
    session: str | None = None, *, lesson_id: str | None = None, projector: bool = False
) -> int:
    """`coach follow [SESSION] [--lesson ID] [--projector]`: the exit code."""
    import os
    import sys

    from coach.journal.sessions import find_session

    # Under `coach serve` the app talks to a browser, not a terminal.
    if "TEXTUAL_DRIVER" not in os.environ and not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("coach: needs an interactive terminal (stdin/stdout is not a TTY)", file=sys.stderr)
        return 2

    path: Path | None = None
    if session:
        path = find_session(session).path
    elif find_live(None, lesson_id) is None:
        print("coach: no live session yet; waiting for one to begin (q quits)", file=sys.stderr)
    from coach.crash import run_app

    app = FollowApp(path, lesson_id=lesson_id, projector=projector)
    return run_app(app, where="coach follow")
