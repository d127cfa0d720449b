"""Whether a command may act now, and if not, why, in words for the person.

Kept apart from `decide` so the screen can ask which keys work (the `View`'s
`can_*` flags) with the same rules the engine applies.
"""

from __future__ import annotations

from coach.engine import commands as c
from coach.engine.compiled import CompiledLesson
from coach.engine.evolve import current_step
from coach.engine.state import State
from coach.lesson.model import CheckinStep, ChecklistStep, FeedbackStep, ReviewStep

NEXT_GUARD_SECONDS = 0.6
"""Next is refused this long after a step is entered, a reminder acknowledged or ready
said: the key press that started something cannot also end it."""


def why_refused(
    lesson: CompiledLesson,
    state: State,
    command: c.Command,
    now: float | None = None,
    next_guard: float = NEXT_GUARD_SECONDS,
) -> str | None:
    """Why `command` would do nothing now, in words for the person; None if it is allowed.

    With `now`, Next is also refused for `next_guard` seconds after a step began
    (or a reminder was acknowledged, or ready said).
    """
    status = state.status
    fs = current_step(lesson, state)
    step = fs.step if fs is not None else None
    if isinstance(command, c.Tick):
        return None
    if isinstance(command, c.Start):
        return None if status == "idle" else "The session has already started."
    if isinstance(command, c.Recover):
        if status in ("idle", "ended"):
            return "Only a session in progress can be recovered."
        return None
    if status == "idle":
        return "Start the session first."
    if isinstance(command, c.BlankProjector):
        if status == "ended":
            return "The session has ended."
        if command.on == state.projector_blank:
            return "The projector is already blank." if command.on else "The projector is shown."
        return None
    if status == "ended":
        if isinstance(command, c.Note | c.ReviewText):
            return None
        return "The session has ended."
    if status == "stopped":
        if isinstance(command, c.StopChoice | c.Note):
            return None
        return "Stopped: choose to resume, go back, or end."
    if isinstance(command, c.StopChoice):
        return "Nothing to choose: the session is not stopped."
    if isinstance(command, c.Resume):
        return None if status == "paused" else "The session is not paused."
    if isinstance(command, c.Stop | c.Finish):
        return None
    if isinstance(command, c.Note):
        return None if fs is not None else "There is no step to write a note on."
    if isinstance(command, c.Pause):
        return None if status == "running" else "Already paused."
    if isinstance(command, c.Toggle):
        if not isinstance(step, ChecklistStep):
            return "There is no checklist on this step."
        return None if 0 <= command.item < len(step.items) else "No such checklist item."
    if isinstance(command, c.Rate):
        if not isinstance(step, FeedbackStep):
            return "There is nothing to rate on this step."
        return None if 0 <= command.item < len(step.items) else "No such item to rate."
    if isinstance(command, c.ReviewText):
        return None if isinstance(step, ReviewStep) else "The review is written on the review step."
    if status == "paused":
        return "Paused: resume first."
    if isinstance(command, c.AckReminder):
        return None if state.needs_ack else "No reminder is waiting to be acknowledged."
    if fs is None:
        return "The session is at no step."
    if isinstance(command, c.Back):
        return None if fs.index > 0 else "This is the first step; there is nothing to go back to."
    if isinstance(command, c.Next | c.Ready | c.Skip | c.JumpTo | c.Answer) and state.needs_ack:
        return "Acknowledge the reminder first."
    if isinstance(command, c.Ready):
        return None if state.waiting_ready else "Nothing is waiting for you to be ready."
    if isinstance(command, c.Next):
        if isinstance(step, CheckinStep):
            return "Answer the question first."
        if now is not None and now < state.guard_from + next_guard:
            return "Just begun: press Next again in a moment to move on."
        return None
    if isinstance(command, c.Answer):
        return None if isinstance(step, CheckinStep) else "There is no question to answer here."
    if isinstance(command, c.JumpTo):
        if lesson.index_of(command.step_id) is None:
            return f"There is no step with id {command.step_id[:60]!r}."
        return None
    if isinstance(command, c.Skip):
        return None
    return f"Unknown command {type(command).__name__}."
