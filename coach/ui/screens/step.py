"""The step screen of `coach run`: the shared `StepView`, the key bar, and the keys.

Keys become commands posted to the app (`Send`); the screen never decides
what comes next and never imports the app. Next and Back stay enabled even
where the engine would refuse them, so a key always answers: with the move,
or with the engine's reason why not (the app shows it on the refusal line).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen

from coach.engine.state import View
from coach.lesson.model import Lesson
from coach.ui import keymap
from coach.ui.screens.session_keys import SessionKeys
from coach.ui.widgets.key_bar import KeyBar
from coach.ui.widgets.step_view import StepView


class StepScreen(SessionKeys, Screen[None]):
    """The running lesson, one step at a time."""

    BINDINGS: ClassVar[list[BindingType]] = keymap.bindings("step")
    HELP_VIEW = "step"

    def __init__(
        self,
        lesson: Lesson,
        *,
        show_notes: bool = False,
        cursor_blink: bool = True,
    ):
        super().__init__()
        self.step_view = StepView(lesson, show_notes=show_notes, cursor_blink=cursor_blink)
        self._bindings_key: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        yield self.step_view
        yield KeyBar()

    @property
    def card(self):  # type: ignore[no-untyped-def]  # the current StepCard (tests read it)
        return self.step_view.card

    def show(self, view: View, *, saved: bool = True, unsaved_text: str = "● not saved") -> None:
        self.step_view.show(view, saved=saved, unsaved_text=unsaved_text)
        card = self.step_view.card
        key = (view.status, view.needs_ack, card.has_note if card else False)
        if key != self._bindings_key:
            self._bindings_key = key
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.step_view.current
        if view is None:
            return True
        if action == "pause":
            return view.status == "running"
        if action == "resume":
            return view.status == "paused"
        if action == "ack":
            return view.needs_ack
        if action == "next" and self.step_view.typing:
            return False  # Enter types a new line in the review; Esc leaves the box first
        if action == "notes":
            card = self.step_view.card
            return card is not None and card.has_note
        return True

    def action_notes(self) -> None:
        card = self.step_view.card
        if card is not None:
            card.toggle_note()
