"""The coach app: one place where keys become commands and the view comes back.

Screens post `Send(command)`; `CoachApp.send` applies it to the session, rings
the bell on breath-phase changes (`sound`), shows the engine's refusal
reason, and then `sync`s: the screens and dialogs on the stack are made to
match the view (stopped → the STOP dialog, a check-in → its question, ended →
the summary). The UI renders; the engine decides.

Time is read from the session's clock, never counted. A one-shot Textual
timer (the heartbeat) only triggers a `Tick`: it is set for the engine's next
deadline (a breath phase changes on time) or the next whole second a clock
shows, and at most `MAX_FPS` times a second while the breath bar moves.

Time stands still while the person is asked something: a dialog (quit, help)
and the "please enlarge" screen pause a running session, as STOP does, and
resume it on the way out (`_hold_time` / `_release_time`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import BindingType
from textual.screen import Screen

from coach.errors import CoachError
from coach.text import one_line
from coach.ui import keymap
from coach.ui import session as sess
from coach.ui.heartbeat import Heartbeat
from coach.ui.messages import Send
from coach.ui.screens.confirm_quit import ConfirmQuit
from coach.ui.screens.too_small import TooSmallGuard, TooSmallScreen
from coach.ui.signals import ExitSignals

if TYPE_CHECKING:
    from pathlib import Path

    from coach.engine.clock import Clock
    from coach.engine.commands import Command
    from coach.engine.events import Event
    from coach.engine.state import View
    from coach.lesson.catalog import Entry
    from coach.lesson.model import CheckinStep, Lesson
    from coach.ui.audio_bridge import AudioBridge, AudioSettings
    from coach.ui.screens.checkin import CheckinDialog
    from coach.ui.screens.picker import PickerScreen
    from coach.ui.screens.stop import StopChoiceName
    from coach.ui.screens.summary import ExportCallback
    from coach.ui.session import MakeSession, Resumable, SessionLike, SessionScreen


class CoachApp(TooSmallGuard, App[int]):
    """The terminal coach. Give it a session, a lesson to start, or neither (the picker).

    With `lesson` (what `coach run` does) the lesson's content note is asked
    first; the session (and its journal) is made only once the person agrees,
    so declining leaves nothing behind.
    """

    CSS_PATH = "app.tcss"
    TITLE = "coach"
    ENABLE_COMMAND_PALETTE = False

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("app")

    def __init__(
        self,
        session: SessionLike | None = None,
        *,
        lesson: Lesson | None = None,
        lesson_path: Path | None = None,
        lesson_entries: list[Entry] | None = None,
        resumable: Resumable | None = None,
        clock: Clock | None = None,
        animate: bool = True,
        sound: bool = False,
        make_session: MakeSession | None = None,
        on_export: ExportCallback | None = None,
        show_notes: bool = False,
        preview: bool = False,
        audio: AudioSettings | None = None,
    ) -> None:
        super().__init__()
        from coach.ui.themes import apply_theme

        apply_theme(self)  # the root `--theme` (light: the high-contrast coach-light)
        self.session: SessionLike | None = session
        self._pending: tuple[Lesson, Path | None] | None = (
            (lesson, lesson_path) if session is None and lesson is not None else None
        )
        self.lesson_entries = lesson_entries
        self.resumable = resumable
        self.clock = clock
        self.animate = animate
        self.sound = sound
        self.make_session: MakeSession = make_session or sess.default_make_session(clock)
        self.on_export = on_export
        self.show_notes = show_notes
        self.preview = preview
        self.step_screen: SessionScreen | None = None
        self.summary_shown = False
        self.declined = False
        self.bells = 0
        self.ticks = 0
        self._heartbeat = Heartbeat(self.set_timer, self._beat)
        self._checkin: CheckinDialog | None = None
        self._signals = ExitSignals(self.on_exit_signal)
        self.exit_signal: int | None = None
        self.open_error: CoachError | None = None
        self.audio_bridge = self._audio_bridge(audio)
        if not animate:
            self.animation_level = "none"

    # ------------------------------------------------------------------ after the run

    @property
    def session_id(self) -> str | None:
        """The journaled session's id (None: no session, or one without a journal)."""
        value = getattr(self.session, "session_id", None) if self.session is not None else None
        return value if isinstance(value, str) else None

    @property
    def session_status(self) -> str | None:
        """ "ended", "interrupted" (resumable), "declined" (nothing made) or None (no session)."""
        if self.session is None:
            return "declined" if self.declined else None
        return "ended" if self.session.state.status == "ended" else "interrupted"

    # ------------------------------------------------------------------ start

    def on_mount(self) -> None:
        if not self.is_headless:
            self._signals.install()
        if self.session is not None:
            self.open_session(self.session, from_picker=False)
        elif self._pending is not None:
            lesson, path = self._pending
            self._pending = None
            self.start_lesson(lesson, path, from_picker=False)
        else:
            self._show_picker()
        self._check_size(self.size.width, self.size.height)

    def _show_picker(self) -> None:
        from coach.lesson.catalog import catalog
        from coach.ui.screens.picker import PickerScreen

        entries = self.lesson_entries if self.lesson_entries is not None else catalog()
        self.push_screen(PickerScreen(entries, self.resumable))

    def on_picker_screen_chosen(self, message: PickerScreen.Chosen) -> None:
        lesson = message.entry.lesson
        if lesson is not None:
            self.start_lesson(lesson, message.entry.path, from_picker=True)

    def _picker_notice(self, text: str) -> None:
        from coach.ui.screens.picker import PickerScreen

        for screen in self.screen_stack:
            if isinstance(screen, PickerScreen):
                screen.show_notice(text)

    def on_picker_screen_resume(self, message: PickerScreen.Resume) -> None:
        try:
            session = message.resumable.open()
        except CoachError as exc:
            self._picker_notice(f"Cannot resume: {one_line(str(exc))}")
            return
        self.open_session(session, from_picker=True)

    def start_lesson(self, lesson: Lesson, path: Path | None, *, from_picker: bool = True) -> None:
        """Ask the content note (if any), then make the session and begin."""
        self._after_note(lesson, from_picker, lambda: self._make_and_begin(lesson, path))

    def open_session(self, session: SessionLike, *, from_picker: bool) -> None:
        """Show an existing session (resume, watch, tests)."""
        self.session = session
        if session.state.status != "idle":
            self._begin()
        else:
            self._after_note(session.lesson, from_picker, self._begin)

    def _after_note(self, lesson: Lesson, from_picker: bool, begin: Callable[[], None]) -> None:
        """`begin` once the lesson's content note is agreed to (at once if it has none)."""
        from coach.ui.screens.content_note import ContentNoteScreen, needs_note

        if not needs_note(lesson):
            begin()
            return

        def agreed(yes: bool | None) -> None:
            if yes:
                begin()
            elif from_picker:
                self.session = None
                self._picker_notice("Nothing was started; no session was saved.")
            else:
                self.declined = True
                self.exit(0)

        self.push_screen(ContentNoteScreen(lesson, from_picker=from_picker), agreed)

    def _make_and_begin(self, lesson: Lesson, path: Path | None) -> None:
        try:
            self.session = self.make_session(lesson, path)
        except CoachError as exc:
            self.open_error = exc
            self.exit(1)
            return
        self._begin()

    def make_step_screen(self, session: SessionLike) -> SessionScreen:
        """The screen that shows the session (present mode gives its own)."""
        from coach.ui.screens.step import StepScreen

        return StepScreen(session.lesson, show_notes=self.show_notes, cursor_blink=self.animate)

    def _begin(self) -> None:
        from coach.engine import commands as c

        session = self._session
        started = session.do(c.Start()) if session.state.status == "idle" else []
        if self.audio_bridge is not None:
            self.audio_bridge.attach(session, started=started)
        self.step_screen = self.make_step_screen(session)
        self.push_screen(self.step_screen)  # type: ignore[arg-type]
        self.call_after_refresh(self.sync)

    @property
    def _session(self) -> SessionLike:
        if self.session is None:
            raise RuntimeError("no session is open")
        return self.session

    # ------------------------------------------------------------------ commands

    def on_send(self, message: Send) -> None:
        message.stop()
        self.send(message.command)

    def send(self, command: Command) -> list[Event]:
        """Apply `command` to the session and bring the screens up to date."""
        from coach.engine import commands as c
        from coach.engine.events import BreathPhaseChanged

        if self.session is None:
            return []
        new = self.session.do(command)
        if not isinstance(command, c.Tick) and self.step_screen is not None:
            reason = sess.refusal(self.session, command) if not new else None
            self.step_screen.step_view.set_refusal(reason)
        if self.audio_bridge is not None:
            self.audio_bridge.after(new)  # at once: pause and STOP silence in this very call
        elif self.sound and any(isinstance(e, BreathPhaseChanged) for e in new):
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

    def flush_review(self) -> None:
        """Send review text still waiting for its debounce (before STOP, quit, a signal)."""
        from coach.engine import commands as c

        if self.step_screen is not None and self.session is not None:
            text = self.step_screen.step_view.take_review()
            if text is not None:
                self.session.do(c.ReviewText(text))

    # ------------------------------------------------------------------ sync

    def sync(self) -> None:
        """Make the screen stack and the step screen match the session's view."""
        if self.session is None or self.step_screen is None:
            return
        view = self.session.view()
        if view.status == "ended":
            self._heartbeat.stop()
            self._show_summary(view)
            return
        if self._too_small is None:
            self._sync_dialogs(view)
        if self.step_screen.is_attached:
            saved = sess.saved(self.session)
            note = "● preview: nothing is saved" if self.preview else "● not saved"
            self.step_screen.show(view, saved=saved and not self.preview, unsaved_text=note)
        self._heartbeat.arm(view, self._session.clock.now(), animate=self.animate)

    def _sync_dialogs(self, view: View) -> None:
        from coach.ui import router
        from coach.ui.screens.stop import StopDialog

        # Drop dialogs the view no longer asks for (top down; only the top can be popped).
        while len(self.screen_stack) > 1 and router.is_stale(self.screen_stack[-1], view):
            self.pop_screen()
        dialog = router.wanted_dialog(view, self.screen_stack, self._checkin_dialog)
        if isinstance(dialog, StopDialog):
            self.push_screen(dialog, self._stop_choice)
        elif dialog is not None:
            step_id = dialog.step_id
            self.push_screen(dialog, lambda yes: self._answer(step_id, yes))

    def _checkin_dialog(self, step: CheckinStep, step_id: str) -> CheckinDialog:
        """The app's one check-in dialog, asking `step` (made once: see screens/checkin.py)."""
        from coach.ui.screens.checkin import CheckinDialog

        if self._checkin is None:
            self._checkin = CheckinDialog(step, step_id)
            self.install_screen(self._checkin, "checkin")
            return self._checkin
        return self._checkin.ask(step, step_id)

    def _show_summary(self, view: View) -> None:
        if self.summary_shown:
            return
        from coach.ui.screens.summary import SummaryScreen

        self.summary_shown = True
        session = self._session
        self._too_small = None  # popped below; raised again over the summary if still small
        while len(self.screen_stack) > 1 and self.screen is not self.step_screen:
            self.pop_screen()
        self.switch_screen(SummaryScreen(session, view, self.on_export))
        self.call_after_refresh(lambda: self._check_size(self.size.width, self.size.height))

    # ------------------------------------------------------------------ heartbeat

    def _beat(self) -> None:
        if self.session is not None and self.step_screen is not None and self.is_running:
            self.tick()

    @property
    def heartbeat(self) -> tuple[str, float] | None:
        """The next wake: (kind, seconds it sleeps); kind is "hold", "timer" or "once"."""
        return self._heartbeat.next

    # ------------------------------------------------------------------ time stands still

    def _hold_time(self) -> bool:
        """Pause a running session while the person is asked something; True if paused here."""
        from coach.engine import commands as c

        if self.session is None or self.summary_shown:
            return False
        if self.session.view().status != "running":
            return False
        return bool(self.send(c.Pause()))

    def _release_time(self, paused_here: bool) -> None:
        from coach.engine import commands as c

        if paused_here and self.session is not None and self.session.view().status == "paused":
            self.send(c.Resume())

    def ask(self, screen: Screen[object], then: Callable[[object], None] | None = None) -> None:
        """Push a dialog that asks the person something, with session time paused under it."""
        paused_here = self._hold_time()

        def done(result: object) -> None:
            if then is not None:
                then(result)
            if self.is_running and not self._exiting:
                self._release_time(paused_here)

        self.push_screen(screen, done)

    @property
    def _exiting(self) -> bool:
        return self.return_code is not None

    # ------------------------------------------------------------------ app actions

    def action_stop(self) -> None:
        from coach.engine import commands as c

        if self.session is not None and self._session.view().status in ("running", "paused"):
            self.flush_review()
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

        if any(isinstance(s, HelpScreen) for s in self.screen_stack):
            return
        problem = sess.problem(self.session) if self.session is not None else None
        view = "step"
        for screen in reversed(self.screen_stack):
            found = getattr(screen, "HELP_VIEW", None)
            if isinstance(found, str):
                view = found
                break
        self.ask(HelpScreen(view, problem))

    def action_confirm_quit(self) -> None:
        if any(isinstance(s, ConfirmQuit) for s in self.screen_stack):
            return
        if self.session is None or self.summary_shown:
            self.exit(0)
            return
        detail = "Your progress so far is kept: `coach resume` brings you back here."
        if self.preview:
            detail = "This is an authoring preview: nothing is saved."
        elif not sess.saved(self.session):
            detail = "This session is NOT being saved: quitting loses it."

        def decided(yes: object) -> None:
            if yes:
                self.flush_review()
                self._heartbeat.stop()
                self.exit(0)
            elif self._too_small is None and isinstance(self.screen, TooSmallScreen):
                self.pop_screen()  # the terminal grew while the question was up

        self.ask(ConfirmQuit(detail), decided)

    # ------------------------------------------------------------------ signals

    def on_exit_signal(self, number: int) -> None:
        """Flush typed text not yet sent, stop the clock, exit; launch then closes the journal."""
        if self.exit_signal is not None:
            return
        self.exit_signal = number
        self.flush_review()
        self._heartbeat.stop()
        self.exit(128 + number)

    def on_unmount(self) -> None:
        self._signals.remove()
        if self.audio_bridge is not None:
            self.audio_bridge.close()

    def _audio_bridge(self, settings: AudioSettings | None) -> AudioBridge | None:
        """Sound, voice and hands-free (`coach.ui.audio_bridge`), only when asked for."""
        if settings is None or not (settings.plays or settings.hands_free):
            return None
        from coach.ui import audio_bridge

        return audio_bridge.AudioBridge(settings, self, self.tick)
