"""The coach app: one place where keys become commands and the view comes back.

`CoachApp.send` is the single door to the session: it applies a command,
rings the bell on breath-phase changes (`sound`), shows the engine's refusal
reason, and then `sync`s: the screens and dialogs on the stack are made to
match the view (stopped → the STOP dialog, a check-in → its question, ended →
the summary). The UI renders; the engine decides.

Time is read from the session's clock, never counted: a one-shot "heartbeat"
timer only triggers a `Tick`, and sleeps until the engine's next deadline (a
breath phase changes on time, to the millisecond) or the screen's next visible
change (`wake`: a seconds label turning over, the breath bar moving a cell, at
most 10 times a second; on an idle step, the next whole minute), so the app
wakes only to draw something new.
"""

from __future__ import annotations

import asyncio
import math
import signal
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from coach.errors import CoachError
from coach.ui import session as sess
from coach.ui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from coach.ui.textual_fixes import apply as apply_textual_fixes
from coach.ui.wake import sleep_for

if TYPE_CHECKING:
    from pathlib import Path

    from textual import events

    from coach.engine import Clock, Event, View
    from coach.engine import commands as c
    from coach.lesson.catalog import Entry
    from coach.lesson.model import Lesson
    from coach.ui.screens.picker import PickerScreen
    from coach.ui.screens.step import StepScreen
    from coach.ui.screens.stop import StopChoiceName
    from coach.ui.screens.summary import ExportCallback
    from coach.ui.session import MakeSession, SessionLike

apply_textual_fixes()

MAX_FPS = 10.0  # the breath bar moves at most this often


def _clock_runs(view: View) -> bool:
    """A hold or a step timer is running: the screen shows seconds and wakes for them."""
    if view.status != "running":
        return False
    if view.hold is not None and not view.hold.done:
        return True
    timer = view.timer
    return timer.mode is not None and not timer.done and view.next_deadline is not None


class CoachApp(App[int]):
    """The terminal coach. Give it a session, a lesson to start, or neither (the picker).

    With `lesson` (what `coach run` does) a lesson that opens with its content
    note paints that note first and makes its session (engine, journal header)
    right after the first frame: the person reads while the rest loads.
    """

    CSS_PATH = "app.tcss"
    TITLE = "coach"
    ENABLE_COMMAND_PALETTE = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "confirm_quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        session: SessionLike | None = None,
        *,
        lesson: Lesson | None = None,
        lesson_path: Path | None = None,
        lesson_entries: list[Entry] | None = None,
        clock: Clock | None = None,
        animate: bool = True,
        sound: bool = False,
        make_session: MakeSession | None = None,
        on_export: ExportCallback | None = None,
        show_notes: bool = False,
    ) -> None:
        super().__init__()
        self.session: SessionLike | None = session
        self._pending: tuple[Lesson, Path | None] | None = (
            (lesson, lesson_path) if session is None and lesson is not None else None
        )
        self.lesson_entries = lesson_entries
        self.clock = clock
        self.animate = animate
        self.sound = sound
        self.make_session: MakeSession = make_session or sess.default_make_session(clock)
        self.on_export = on_export
        self.show_notes = show_notes
        self.step_screen: StepScreen | None = None
        self.summary_shown = False
        self.bells = 0
        self.ticks = 0
        self._heartbeat: asyncio.TimerHandle | None = None
        self._heartbeat_kind: tuple[str, float] | None = None
        self._too_small: TooSmallScreen | None = None
        self._signals: list[int] = []
        self.exit_signal: int | None = None
        self.open_error: CoachError | None = None
        if not animate:
            self.animation_level = "none"

    # ------------------------------------------------------------------ start

    def on_mount(self) -> None:
        self._add_signal_handlers()
        if self.session is not None:
            self.open_session(self.session, from_picker=False)
        elif self._pending is not None:
            self._start_pending()
        else:
            from coach.lesson.catalog import catalog
            from coach.ui.screens.picker import PickerScreen

            entries = self.lesson_entries if self.lesson_entries is not None else catalog()
            self.push_screen(PickerScreen(entries))
        self._check_size(self.size.width, self.size.height)

    def _start_pending(self) -> None:
        """Paint the lesson's content note at once; make the session after that frame."""
        from coach.ui.screens.content_note import needs_note

        assert self._pending is not None
        lesson = self._pending[0]
        if needs_note(lesson):
            self._ask_note(lesson, from_picker=False)
            self.call_after_refresh(self._open_pending)
        else:
            self._begin()

    def _open_pending(self) -> bool:
        """Make the session of the lesson given to the app (once; keys may come first).

        False if it could not be made: the app then exits with the error in
        `open_error` (which `launch_run` reports as the CLI always did).
        """
        if self._pending is not None and self.session is None:
            lesson, path = self._pending
            self._pending = None
            try:
                self.session = self.make_session(lesson, path)
            except CoachError as exc:
                self.open_error = exc
                self.exit(1)
                return False
        return self.open_error is None

    def on_picker_screen_chosen(self, message: PickerScreen.Chosen) -> None:
        lesson = message.entry.lesson
        if lesson is not None:
            self.start_lesson(lesson, message.entry.path)

    def start_lesson(self, lesson: Lesson, path: Path | None) -> None:
        self.open_session(self.make_session(lesson, path), from_picker=True)

    def open_session(self, session: SessionLike, *, from_picker: bool) -> None:
        from coach.ui.screens.content_note import needs_note

        self.session = session
        if session.state.status == "idle" and needs_note(session.lesson):
            self._ask_note(session.lesson, from_picker=from_picker)
        else:
            self._begin()

    def _ask_note(self, lesson: Lesson, *, from_picker: bool) -> None:
        from coach.ui.screens.content_note import ContentNoteScreen

        def agreed(yes: bool | None) -> None:
            if yes:
                self._begin()
            elif from_picker:
                self.session = None
            else:
                self.exit(0)

        self.push_screen(ContentNoteScreen(lesson), agreed)

    def _begin(self) -> None:
        from coach.engine import commands as c
        from coach.ui.screens.step import StepScreen

        if not self._open_pending():
            return
        session = self._session
        if session.state.status == "idle":
            session.do(c.Start())
        self.step_screen = StepScreen(
            session, show_notes=self.show_notes, cursor_blink=self.animate
        )
        self.push_screen(self.step_screen)
        self.call_after_refresh(self.sync)

    @property
    def _session(self) -> SessionLike:
        if self.session is None:
            raise RuntimeError("no session is open")
        return self.session

    # ------------------------------------------------------------------ commands

    def send(self, command: c.Command) -> list[Event]:
        """Apply `command` to the session and bring the screens up to date."""
        from coach.engine import commands as c
        from coach.engine.events import BreathPhaseChanged

        if self.session is None:
            return []
        reason = None
        new = self.session.do(command)
        if not isinstance(command, c.Tick):
            if not new:
                reason = sess.refusal(self.session, command)
            if self.step_screen is not None:
                self.step_screen.set_refusal(reason)
        if self.sound and any(isinstance(e, BreathPhaseChanged) for e in new):
            self.bells += 1
            self.bell()
        self.sync()
        return new

    def tick(self) -> list[Event]:
        """Let time pass: the engine emits what the clock has crossed. Tests call this."""
        from coach.engine import commands as c

        self.ticks += 1
        return self.send(c.Tick())

    def _answer(self, step_id: str, yes: bool | None) -> None:
        from coach.engine import commands as c

        view = self._session.view()
        if yes is None or not view.needs_answer or view.step is None or view.step.id != step_id:
            return
        self.send(c.Answer(yes))

    def _stop_choice(self, choice: StopChoiceName | None) -> None:
        from coach.engine import commands as c

        if choice is not None and self._session.view().status == "stopped":
            self.send(c.StopChoice(choice))

    # ------------------------------------------------------------------ sync

    def sync(self) -> None:
        """Make the screen stack and the step screen match the session's view."""
        if self.session is None or self.step_screen is None:
            return
        view = self.session.view()
        if view.status == "ended":
            self._stop_heartbeat()
            self._show_summary(view)
            return
        if self._too_small is None:
            self._sync_dialogs(view)
        precise = _clock_runs(view)  # seconds only while a clock runs (present/follow share this)
        if self.step_screen.is_attached:
            self.step_screen.show(view, precise=precise, saved=sess.saved(self.session))
        self._schedule(view, precise)

    def _sync_dialogs(self, view: View) -> None:
        from coach.lesson.model import CheckinStep
        from coach.ui.screens.checkin import CheckinDialog
        from coach.ui.screens.stop import StopDialog

        stack = self.screen_stack
        # Drop dialogs the view no longer asks for (top down; only the top can be popped).
        while len(stack) > 1:
            top = stack[-1]
            stale_stop = isinstance(top, StopDialog) and view.status != "stopped"
            stale_question = isinstance(top, CheckinDialog) and (
                not view.needs_answer or view.step is None or view.step.id != top.step_id
            )
            if not (stale_stop or stale_question):
                break
            self.pop_screen()
            stack = self.screen_stack
        has_stop = any(isinstance(s, StopDialog) for s in stack)
        if view.status == "stopped" and not has_stop:
            self.push_screen(StopDialog(view.active_seconds), self._stop_choice)
            return
        has_question = any(isinstance(s, CheckinDialog) for s in stack)
        if view.needs_answer and not has_question and view.step is not None:
            step = view.step.step
            if isinstance(step, CheckinStep):
                step_id = view.step.id
                self.push_screen(
                    CheckinDialog(step, step_id), lambda yes: self._answer(step_id, yes)
                )

    def _show_summary(self, view: View) -> None:
        if self.summary_shown:
            return
        from coach.ui.screens.step import StepScreen
        from coach.ui.screens.summary import SummaryScreen

        self.summary_shown = True
        session = self._session
        self._too_small = None  # popped below; raised again over the summary if still small
        while len(self.screen_stack) > 1 and not isinstance(self.screen, StepScreen):
            self.pop_screen()
        self.switch_screen(SummaryScreen(session, view, self.on_export))
        self.call_after_refresh(lambda: self._check_size(self.size.width, self.size.height))

    # ------------------------------------------------------------------ heartbeat

    def _schedule(self, view: View, clock_runs: bool) -> None:
        """Sleep until the engine's next deadline or the screen's next visible change."""
        self._stop_heartbeat()
        if view.status != "running" or self.step_screen is None:
            return
        deadline_in = None
        if view.next_deadline is not None:
            deadline_in = view.next_deadline - self._session.clock.now()
        if clock_runs:
            # Without animation the clocks still turn; the bar moves only with them.
            changes = self.step_screen.changes_in(view, bar=self.animate)
            hold = view.hold is not None and not view.hold.done
            wait = sleep_for(deadline_in=deadline_in, changes_in=changes, min_gap=1.0 / MAX_FPS)
            kind = "hold" if hold else "timer"
        else:
            minute_turns = 60.0 - math.fmod(view.active_seconds, 60.0)
            wait = sleep_for(
                deadline_in=deadline_in, changes_in=[minute_turns], min_gap=0.05, max_sleep=None
            )
            kind = "once"
        # A plain loop timer: Textual's `set_timer` makes a task, a name and a
        # message for every wake, which cost a third of a hold frame here.
        self._heartbeat = asyncio.get_running_loop().call_later(wait, self._beat)
        self._heartbeat_kind = (kind, wait)

    def _stop_heartbeat(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
        self._heartbeat = None
        self._heartbeat_kind = None

    def _beat(self) -> None:
        self._heartbeat = None
        self._heartbeat_kind = None
        if self.session is None or self.step_screen is None or not self.is_running:
            return
        try:
            self.tick()
        except Exception as error:  # an asyncio callback: hand it to Textual, as a timer would
            self._handle_exception(error)

    @property
    def heartbeat(self) -> tuple[str, float] | None:
        """The next wake: (kind, seconds it sleeps); kind is "hold", "timer" or "once"."""
        return self._heartbeat_kind

    # ------------------------------------------------------------------ app actions

    def action_stop(self) -> None:
        from coach.engine import commands as c

        if self.session is not None and self._session.view().status in ("running", "paused"):
            if self.step_screen is not None:
                self.step_screen.flush_review()
            self.send(c.Stop())

    def action_toggle_pause(self) -> None:
        from coach.engine import commands as c

        if self.session is None:
            return
        status = self._session.view().status
        if status == "running":
            self.send(c.Pause())
        elif status == "paused":
            self.send(c.Resume())

    def action_help(self) -> None:
        from coach.ui.screens.help import HelpScreen

        self._open_pending()
        problem = sess.problem(self.session) if self.session is not None else None
        if not any(isinstance(s, HelpScreen) for s in self.screen_stack):
            self.push_screen(HelpScreen(problem))

    def action_confirm_quit(self) -> None:
        from coach.ui.screens.confirm_quit import ConfirmQuit

        self._open_pending()
        if any(isinstance(s, ConfirmQuit) for s in self.screen_stack):
            return
        if self.session is None or self.summary_shown:
            self.exit(0)
            return
        detail = "Your progress so far is kept; you can come back to it."
        if not sess.saved(self.session):
            detail = "This session is NOT being saved: quitting loses it."

        def decided(yes: bool | None) -> None:
            if yes:
                if self.step_screen is not None:
                    self.step_screen.flush_review()
                self._stop_heartbeat()
                self.exit(0)

        self.push_screen(ConfirmQuit(detail), decided)

    # ------------------------------------------------------------------ signals

    def _add_signal_handlers(self) -> None:
        """SIGTERM and SIGHUP (the terminal was closed) save and exit, like a confirmed quit.

        Only on a real terminal: a headless `run_test` must not take over the test
        runner's signals.
        """
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGHUP):
            try:
                loop.add_signal_handler(number, self.on_exit_signal, int(number))
            except (NotImplementedError, RuntimeError, ValueError):  # no Unix signals here
                continue
            self._signals.append(int(number))

    def _remove_signal_handlers(self) -> None:
        if not self._signals:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._signals.clear()
            return
        for number in self._signals:
            loop.remove_signal_handler(number)
        self._signals.clear()

    def on_exit_signal(self, number: int) -> None:
        """Flush typed text not yet sent, stop the clock, exit; launch then closes the journal."""
        if self.exit_signal is not None:
            return
        self.exit_signal = number
        if self.step_screen is not None and self.session is not None:
            self.step_screen.flush_review()
        self._stop_heartbeat()
        self.exit(128 + number)

    def on_unmount(self) -> None:
        self._remove_signal_handlers()

    # ------------------------------------------------------------------ size

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small:
            if self._too_small is not None:
                self._too_small.show_size(width, height)
            else:
                self._too_small = TooSmallScreen(width, height)
                super().push_screen(self._too_small)
        elif self._too_small is not None:
            self._lower_too_small()
            self.call_after_refresh(self.sync)

    def _lower_too_small(self) -> None:
        screen, self._too_small = self._too_small, None
        if screen is not None and self.screen is screen:
            self.pop_screen()

    def push_screen(self, screen, callback=None, wait_for_dismiss=False):  # type: ignore[no-untyped-def,override]
        """Push as usual, but keep the "please enlarge" overlay on top while it is up."""
        overlay = self._too_small
        if overlay is None or screen is overlay:
            return super().push_screen(screen, callback, wait_for_dismiss=wait_for_dismiss)
        if self.screen is overlay:
            self.pop_screen()
        result = super().push_screen(screen, callback, wait_for_dismiss=wait_for_dismiss)
        super().push_screen(overlay)
        return result


def run_app(app: CoachApp) -> int:
    result = app.run()
    return int(result or 0)
