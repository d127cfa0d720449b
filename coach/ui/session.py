"""What the app needs from a session, and the default way to make one.

The app never builds the engine inside a screen: it is handed an object with
`.lesson`, `.state`, `.clock`, `.do(command)` and `.view()` (the engine's
`Session`, or the lead's journaled `LiveSession`). `saved` / `problem` are
optional, so a session without a journal works too.

The engine is imported only when a session is made or asked something, so
`coach run` can paint a lesson's first screen before the engine loads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from coach.lesson.model import Lesson

if TYPE_CHECKING:
    from coach.engine.clock import Clock
    from coach.engine.commands import Command
    from coach.engine.events import Event
    from coach.engine.state import State, View
    from coach.ui.widgets.step_view import StepView


@runtime_checkable
class SessionLike(Protocol):
    lesson: Lesson
    state: State
    clock: Clock

    def do(self, command: Command) -> list[Event]: ...

    def view(self) -> View: ...


class SessionScreen(Protocol):
    """What the app needs of the screen that shows a session (run, present)."""

    step_view: StepView
    is_attached: bool

    def show(self, view: View, *, saved: bool = ..., unsaved_text: str = ...) -> None: ...


MakeSession = Callable[[Lesson, Path | None], SessionLike]


@dataclass(frozen=True)
class Resumable:
    """An interrupted session the picker offers to resume: its id, its lesson's title, and
    how to open it (the launcher knows the journal; the app does not)."""

    session_id: str
    title: str
    open: Callable[[], SessionLike]


def default_make_session(clock: Clock | None = None) -> MakeSession:
    """Engine sessions on `clock` (a fresh monotonic clock per session by default)."""

    def make(lesson: Lesson, path: Path | None) -> SessionLike:
        from coach.engine.clock import MonotonicClock
        from coach.engine.session import Session

        return Session(lesson, clock if clock is not None else MonotonicClock())

    return make


def saved(session: SessionLike) -> bool:
    return bool(getattr(session, "saved", True))


def problem(session: SessionLike) -> str | None:
    value = getattr(session, "problem", None)
    return value if isinstance(value, str) and value else None


def refusal(session: SessionLike, command: Command) -> str | None:
    """Why the engine would refuse `command` now, in its own words (None if allowed)."""
    from coach.engine.compiled import compile_lesson
    from coach.engine.refusals import why_refused as engine_why_refused

    ask = getattr(session, "why_refused", None)
    if callable(ask):
        result = ask(command)
        return result if isinstance(result, str) else None
    return engine_why_refused(compile_lesson(session.lesson), session.state, command)
