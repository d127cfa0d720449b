"""Which dialogs the session's view asks for: STOP while stopped, the check-in's question
while it waits for an answer. The app pops what is stale and pushes what is wanted."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from coach.engine.state import View
from coach.lesson.model import CheckinStep
from coach.ui.screens.checkin import CheckinDialog
from coach.ui.screens.stop import StopDialog


def is_stale(screen: Screen[object], view: View) -> bool:
    """A dialog the view no longer asks for."""
    if isinstance(screen, StopDialog):
        return view.status != "stopped"
    if isinstance(screen, CheckinDialog):
        return not view.needs_answer or view.step is None or view.step.id != screen.step_id
    return False


def wanted_dialog(
    view: View, stack: list[Screen[object]], checkin: Callable[[CheckinStep, str], CheckinDialog]
) -> StopDialog | CheckinDialog | None:
    """The dialog to push now (None if the stack already shows what the view asks).

    A check-in is asked by `checkin(step, step_id)`: the app's one dialog, pointed at it.
    """
    if view.status == "stopped":
        if any(isinstance(s, StopDialog) for s in stack):
            return None
        return StopDialog(view.active_seconds)
    if not view.needs_answer or view.step is None:
        return None
    if any(isinstance(s, CheckinDialog) for s in stack):
        return None
    step = view.step.step
    return checkin(step, view.step.id) if isinstance(step, CheckinStep) else None
