"""What a person can do, as plain values.

The UI turns keys and clicks into these; the engine decides what they mean in
the current state. Commands carry no time: the engine gets `now` alongside.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from coach.lesson.model import Rating

StopOption = Literal["resume", "back", "end"]


@dataclass(frozen=True, slots=True)
class Command:
    """Base of every command."""


@dataclass(frozen=True, slots=True)
class Start(Command):
    """Begin the session at the first step."""


@dataclass(frozen=True, slots=True)
class Next(Command):
    """Go on: leave the step, or inside a running hold, move to the next position."""


@dataclass(frozen=True, slots=True)
class Ready(Command):
    """The person is in position: a step with a lead-in starts its timer or breaths.

    Next means the same while a lead-in waits, so one key serves both.
    """


@dataclass(frozen=True, slots=True)
class Back(Command):
    """Go back a step: the previous step in lesson order (not the last one visited)."""


@dataclass(frozen=True, slots=True)
class JumpTo(Command):
    """Go straight to the step `step_id` (journaled as StepLeft with reason "jump")."""

    step_id: str


@dataclass(frozen=True, slots=True)
class BlankProjector(Command):
    """Black out (`on`) or restore the class's projector view; the session goes on."""

    on: bool


@dataclass(frozen=True, slots=True)
class Skip(Command):
    """Leave the step without doing it; it is marked skipped."""


@dataclass(frozen=True, slots=True)
class Pause(Command):
    pass


@dataclass(frozen=True, slots=True)
class Resume(Command):
    pass


@dataclass(frozen=True, slots=True)
class Stop(Command):
    """The receiver's "stop completely": everything freezes until a `StopChoice`."""


@dataclass(frozen=True, slots=True)
class StopChoice(Command):
    choice: StopOption


@dataclass(frozen=True, slots=True)
class Answer(Command):
    """The answer to the current check-in question."""

    yes: bool


@dataclass(frozen=True, slots=True)
class Toggle(Command):
    """Tick or untick checklist item `item` (0-based)."""

    item: int


@dataclass(frozen=True, slots=True)
class Rate(Command):
    """Rate feedback item `item` (0-based)."""

    item: int
    rating: Rating


@dataclass(frozen=True, slots=True)
class Note(Command):
    """A note on the current step; replaces the previous one (empty text removes it)."""

    text: str


@dataclass(frozen=True, slots=True)
class AckReminder(Command):
    """Acknowledge the oldest reminder that waits for acknowledgement."""


@dataclass(frozen=True, slots=True)
class ReviewText(Command):
    """The whole review text as typed so far."""

    text: str


@dataclass(frozen=True, slots=True)
class Finish(Command):
    """End the session now, as finished."""


@dataclass(frozen=True, slots=True)
class Recover(Command):
    """The app came back after a crash or a closed terminal (`coach resume`).

    A hold that was running restarts its current position from the first
    breath: nobody can be expected to pick up mid-exhale after an interruption.
    """


@dataclass(frozen=True, slots=True)
class Tick(Command):
    """Time passes: emit whatever deadlines have been crossed."""
