"""The lesson as run, present and follow all show it: one widget that renders a `View`.

Header (lesson title, time), where the person is (position, step timer,
progress), then where the eye is: the pause line, reminders, the check-in's
`say`, the step card, the review box; the hold pinned below the text so it is
never scrolled away; the engine's refusal last. The screens compose it with
their own extras and keys; it never decides what comes next. A checklist
tick, a rating or typed review text leave it as `Send` messages (none when
`read_only`). Widget references are kept from construction, never looked up
from a timer callback, so a late tick after teardown cannot raise.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll

from coach.engine import commands as c
from coach.engine.state import View
from coach.lesson.model import Lesson, ReviewStep
from coach.text import one_line, visible
from coach.ui.fmt import elapsed_text, literal_line
from coach.ui.messages import Send
from coach.ui.widgets.lists import ChecklistView, FeedbackTable
from coach.ui.widgets.progress import ChangeOnlyStatic, ClockLabel, StepProgress, StepTimer
from coach.ui.widgets.reminder_banner import ReminderBanner
from coach.ui.widgets.review import ReviewPane
from coach.ui.widgets.step_card import StepCard


class StepView(Vertical):
    """Everything a step shows; `show(view)` repaints only what changed."""

    DEFAULT_CSS = """
    StepView { height: 1fr; }
    """

    def __init__(
        self,
        lesson: Lesson,
        *,
        show_notes: bool = False,
        read_only: bool = False,
        cursor_blink: bool = True,
        title: bool = True,
        **kwargs: str | None,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lesson = lesson
        self.show_notes = show_notes
        self.read_only = read_only
        self.cursor_blink = cursor_blink
        self.current: View | None = None
        self.card: StepCard | None = None
        self.review: ReviewPane | None = None
        self._card_key: int | None = None
        self.title_label = ChangeOnlyStatic(literal_line(lesson.title), id="lesson-title")
        self.title_label.display = title
        self.unsaved = ChangeOnlyStatic("", id="unsaved")
        self.elapsed = ClockLabel("", id="elapsed")
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

    # ------------------------------------------------------------------ render

    def show(self, view: View, *, saved: bool = True, unsaved_text: str = "● not saved") -> None:
        self.current = view
        self.unsaved.set(unsaved_text if not saved else "")
        self.unsaved.display = not saved
        self.elapsed.set(elapsed_text(view.active_seconds))
        self.position.set(one_line(view.label))
        self.timer.show(view.timer.mode, view.timer.seconds, view.timer.done, view.timer.target)
        self.progress.show(view.step_number, view.step_count)
        self.banner.show(view.reminders)
        self.say.set(f"↳ {one_line(view.say)}" if view.say else "")
        self.say.display = bool(view.say)
        if view.status == "paused":
            self.set_status("Paused — press Space or p to resume")
        elif view.status == "stopped":
            self.set_status("Stopped")
        elif view.waiting_ready and not view.needs_ack and not self.read_only:
            is_hold = view.step is not None and view.step.step.kind == "hold"
            counts = "the breaths count" if is_hold else "the timer runs"
            self.set_status(f"Ready? Press Enter (or your pedal) when in place; {counts} then")
        else:
            self.set_status("")
        if view.step is not None and view.step.index != self._card_key:
            self._rebuild(view)
        if self.card is not None:
            self.card.show(view)

    def set_status(self, text: str) -> None:
        """The line under the progress bar (paused, stopped, a follower's status)."""
        self.paused.set(text)
        self.paused.display = bool(text)

    def set_refusal(self, text: str | None) -> None:
        self.refusal.set(text or "")

    def _rebuild(self, view: View) -> None:
        """Point the card at the new step; a review step gets its text box."""
        assert view.step is not None
        self._card_key = view.step.index
        if self.review is not None:
            pending = self.take_review()
            if pending is not None and not self.read_only:
                self.post_message(Send(c.ReviewText(pending)))
            self.review.remove()
            self.review = None
        card = self.card
        if card is None:
            card = self.card = StepCard(
                view.step,
                roles={r.id: r.name for r in self.lesson.roles},
                show_notes=self.show_notes,
                read_only=self.read_only,
                dock_hold=True,
            )
            self.body.mount(card)
            made = card.hold
        else:
            made = card.set_step(view.step)
            if made is not None and made is not card.hold:
                card.mount(made, before=card.note)
        if made is not None and made is card.hold:
            self.hold_dock.mount(made)
        self.hold_dock.display = card.body is not None and card.body is card.hold
        step = view.step.step
        if isinstance(step, ReviewStep):
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
        elif self.is_attached:
            self.screen.set_focus(None)

    # ------------------------------------------------------------------ what leaves it

    def take_review(self) -> str | None:
        """The review text on screen if the engine does not have it yet (else None); the
        caller sends it now, before whatever comes next.

        Compared with the engine's view, not with what the pane last handed out: text
        still on its way (a debounced send, or a keystroke whose change event has not
        arrived) is sent again here rather than overtaken by Next and lost.
        """
        if self.review is None:
            return None
        self.review.take_pending()  # the debounce is moot: the text goes now
        text = self.review.area.text
        saved = visible(self.current.review or "") if self.current is not None else ""
        return text if text != saved else None

    @property
    def typing(self) -> bool:
        return self.review is not None and self.review.area.has_focus

    def on_checklist_view_toggled(self, event: ChecklistView.Toggled) -> None:
        event.stop()
        self.post_message(Send(c.Toggle(event.item)))

    def on_feedback_table_rated(self, event: FeedbackTable.Rated) -> None:
        event.stop()
        self.post_message(Send(c.Rate(event.item, event.rating)))

    def on_review_pane_changed(self, event: ReviewPane.Changed) -> None:
        event.stop()
        self.post_message(Send(c.ReviewText(event.text)))
