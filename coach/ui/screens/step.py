"""The step screen: where a person spends the lesson.

It renders one `View` at a time (`show`) and turns keys into commands sent
through the app (`CoachApp.send`); it never decides what comes next. Layout,
top to bottom: lesson title and elapsed time, the position label and the step
timer, the progress bar, then (where the eye is) reminders and the check-in
`say`, then the step card, the refusal line and the footer of keys that work
now. Widget references are kept from construction, never looked up from a
timer callback, so a late tick after teardown cannot raise.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from coach.engine import commands as c
from coach.lesson.model import ReviewStep
from coach.text import one_line
from coach.ui.fmt import literal_line
from coach.ui.wake import until_label_changes
from coach.ui.widgets.key_bar import KeyBar
from coach.ui.widgets.progress import ChangeOnlyStatic, ElapsedLabel, StepProgress, StepTimer
from coach.ui.widgets.reminder_banner import ReminderBanner
from coach.ui.widgets.step_card import StepCard

if TYPE_CHECKING:
    from coach.engine import View
    from coach.ui.app import CoachApp
    from coach.ui.screens.review import ReviewPane  # imported when a review step is shown
    from coach.ui.session import SessionLike
    from coach.ui.widgets.lists import ChecklistView, FeedbackTable


class StepScreen(Screen[None]):
    """The running lesson, one step at a time."""

    # Its rules, read when the first step screen is shown (absolute: subclasses
    # in other folders share it).
    CSS_PATH = str(Path(__file__).resolve().parent.parent / "step.tcss")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", "Next", show=True),
        Binding("right", "next", "Next", show=False),
        Binding("left,backspace", "back", "Back", show=True),
        Binding("space,p", "pause", "Pause", show=True),
        Binding("space,p", "resume", "Resume", show=True),
        Binding("a", "ack", "Acknowledge", show=True),
        Binding("k", "skip", "Skip", show=False),  # on purpose only: in the help, not the bar
        Binding("s", "app.stop", "STOP", show=True),
        Binding("n", "notes", "Notes", show=True),
        Binding("question_mark", "app.help", "Help", show=True),
        Binding("q", "app.confirm_quit", "Quit", show=True),
    ]

    def __init__(
        self,
        session: SessionLike,
        *,
        show_notes: bool = False,
        read_only: bool = False,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.session = session
        self.show_notes = show_notes
        self.read_only = read_only
        self.cursor_blink = cursor_blink
        self.current: View | None = None
        self.card: StepCard | None = None
        self.review: ReviewPane | None = None
        self._card_key: int | None = None
        self._bindings_key: tuple[object, ...] = ()
        self.title_label = Static(literal_line(session.lesson.title), id="lesson-title")
        self.unsaved = ChangeOnlyStatic("", id="unsaved")
        self.elapsed = ElapsedLabel("", id="elapsed")
        self.position = ChangeOnlyStatic("", id="position")
        self.timer = StepTimer("", id="step-timer")
        self.progress = StepProgress(id="progress")
        self.banner = ReminderBanner(id="reminders")
        self.say = ChangeOnlyStatic("", id="say")
        self.paused = ChangeOnlyStatic("", id="paused")
        self.body = VerticalScroll(id="body")
        self.hold_dock = Vertical(id="hold-dock")
        self.refusal = ChangeOnlyStatic("", id="refusal")
        for hidden in (self.unsaved, self.say, self.paused):
            hidden.display = False

    def compose(self) -> ComposeResult:
        # The upper part in one container: a repaint of the pinned hold below
        # then need not visit (and re-crop) each of its widgets.
        with Vertical(id="upper"):
            with Horizontal(id="topbar"):
                yield self.title_label
                yield self.unsaved
                yield self.elapsed
            with Horizontal(id="where"):
                yield self.position
                yield self.timer
            yield self.progress
            yield self.paused
            yield self.banner
            yield self.say
            yield self.body
        yield self.hold_dock
        yield self.refusal
        yield KeyBar()

    @property
    def coach(self) -> CoachApp:
        return cast("CoachApp", self.app)

    # ------------------------------------------------------------------ render

    def show(self, view: View, *, precise: bool, saved: bool = True) -> None:
        """Render `view`; every widget repaints only what changed."""
        self.current = view
        self.unsaved.set("● not saved" if not saved else "")
        self.unsaved.display = not saved
        self.elapsed.show(view.active_seconds, precise=precise)
        self.position.set(one_line(view.label))
        self.timer.show(view.timer.mode, view.timer.seconds, view.timer.done, view.timer.target)
        self.progress.show(view.step_number, view.step_count)
        self.banner.show(view.reminders)
        self.say.set(f"↳ {one_line(view.say)}" if view.say else "")
        self.say.display = bool(view.say)
        if view.status == "paused":
            self.paused.set("Paused — press Space or p to resume")
        elif view.status == "stopped":
            self.paused.set("Stopped")
        else:
            self.paused.set("")
        self.paused.display = view.status in ("paused", "stopped")
        if view.step is not None and view.step.index != self._card_key:
            self._rebuild(view)
        if self.card is not None:
            self.card.show(view)
        key = (
            view.status,
            view.can_next,
            view.can_back,
            view.needs_ack,
            self.card.has_note if self.card else False,
        )
        if key != self._bindings_key:
            self._bindings_key = key
            self.refresh_bindings()

    def changes_in(self, view: View, *, bar: bool = True) -> list[float | None]:
        """Seconds until each moving part (clocks; the breath bar if `bar`) next looks different."""
        waits: list[float | None] = [until_label_changes(view.active_seconds, up=True)]
        timer = view.timer
        if timer.mode is not None and not timer.done:
            waits.append(until_label_changes(timer.seconds, up=timer.mode == "up"))
        hold = view.hold
        panel = self.card.hold if self.card is not None else None
        if bar and hold is not None and panel is not None and not hold.done:
            waits.append(
                panel.pacer.seconds_to_change(
                    hold.phase, hold.phase_fraction, hold.phase_seconds_left
                )
            )
        return waits

    def _rebuild(self, view: View) -> None:
        """Point the card at the new step (made once, then reused: no widgets to collect)."""
        assert view.step is not None
        self.flush_review()
        self._card_key = view.step.index
        if self.review is not None:
            self.review.remove()
            self.review = None
        # Subclasses with their own compose (present mode) may leave the dock out.
        dock = self.hold_dock.parent is not None
        card = self.card
        if card is None:
            card = self.card = StepCard(
                view.step, show_notes=self.show_notes, read_only=self.read_only, dock_hold=dock
            )
            self.body.mount(card)
            made = card.hold if dock else None
        else:
            made = card.set_step(view.step)
            if made is not None and not (dock and made is card.hold):
                card.mount(made, before=card.note)
        if dock:
            if made is not None and made is card.hold:
                self.hold_dock.mount(made)
            self.hold_dock.display = card.body is not None and card.body is card.hold
        step = view.step.step
        if isinstance(step, ReviewStep):
            from coach.ui.screens.review import ReviewPane  # TextArea: only for the review

            self.review = ReviewPane(
                step.prompts,
                view.review or "",
                read_only=self.read_only,
                cursor_blink=self.cursor_blink,
            )
            self.body.mount(self.review)
        self.body.scroll_home(animate=False)
        target = self.review.area if self.review else card.focus_target
        if target is not None and not self.read_only:
            self.call_after_refresh(target.focus)
        else:
            self.set_focus(None)

    def set_refusal(self, text: str | None) -> None:
        self.refusal.set(text or "")

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.current
        if view is None:
            return True
        if self.read_only and action in ("next", "back", "pause", "resume", "ack", "skip"):
            return False
        if action == "pause":
            return view.status == "running"
        if action == "resume":
            return view.status == "paused"
        if action == "ack":
            return view.needs_ack
        if action == "next" and self.review is not None and self.review.area.has_focus:
            return False  # Enter types a new line in the review; Esc leaves the box first
        if action == "notes":
            return self.card is not None and self.card.has_note
        # Next and Back stay enabled even when the engine would refuse them, so the
        # key always answers: with the move, or with the engine's reason why not.
        return True

    def flush_review(self) -> None:
        if self.review is not None:
            text = self.review.take_pending()
            if text is not None:
                self.coach.send(c.ReviewText(text))

    def action_next(self) -> None:
        if self.current is not None and self.current.needs_ack:
            self.coach.send(c.AckReminder())
            return
        self.flush_review()
        self.coach.send(c.Next())

    def action_skip(self) -> None:
        self.flush_review()
        self.coach.send(c.Skip())

    def action_back(self) -> None:
        self.flush_review()
        self.coach.send(c.Back())

    def action_pause(self) -> None:
        self.coach.send(c.Pause())

    def action_resume(self) -> None:
        self.coach.send(c.Resume())

    def action_ack(self) -> None:
        self.coach.send(c.AckReminder())

    def action_notes(self) -> None:
        if self.card is not None:
            self.card.toggle_note()

    def on_checklist_view_toggled(self, event: ChecklistView.Toggled) -> None:
        event.stop()
        self.coach.send(c.Toggle(event.item))

    def on_feedback_table_rated(self, event: FeedbackTable.Rated) -> None:
        event.stop()
        self.coach.send(c.Rate(event.item, event.rating))

    def on_review_pane_changed(self, event: ReviewPane.Changed) -> None:
        event.stop()
        self.coach.send(c.ReviewText(event.text))
