"""The keys every screen that drives a session shares: next, back, skip, pause, ack.

Why a mixin: the run screen and the presenter's console are different screens
(composed of the same `StepView`, not one a subclass of the other), but a key
must mean the same command on both. Each posts `Send(command)`; the app applies it.
"""

from __future__ import annotations

from coach.engine import commands as c
from coach.ui.messages import Send
from coach.ui.widgets.step_view import StepView


class SessionKeys:
    """Key actions for a `Screen` that has `step_view` (a `StepView`)."""

    step_view: StepView

    def send(self, command: c.Command) -> None:
        self.post_message(Send(command))  # type: ignore[attr-defined]

    def flush_review(self) -> None:
        """Review text on screen that the session does not have yet goes first."""
        text = self.step_view.take_review()
        if text is not None:
            self.send(c.ReviewText(text))

    def action_next(self) -> None:
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
