"""Entry points for the CLI: `coach` (picker) and `coach run [LESSON] [--sound]`.

They return an exit code instead of raising, and refuse politely when there is
no terminal to draw on (piped stdin/stdout), because a full-screen app on a
pipe would hang or spray escape codes. `make_session` lets the CLI hand in
the journaled session later without this module knowing about the journal.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from coach.errors import CoachError

if TYPE_CHECKING:
    from collections.abc import Callable

    from coach.ui.session import MakeSession, SessionLike

NOT_A_TTY = "coach: needs an interactive terminal (stdin/stdout is not a TTY)"


def _is_tty() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def launch_picker(*, sound: bool = False, make_session: MakeSession | None = None) -> int:
    """Open the lesson picker; the exit code."""
    if not _is_tty():
        print(NOT_A_TTY, file=sys.stderr)
        return 2
    from coach.ui.app import CoachApp

    app = CoachApp(sound=sound, make_session=make_session)
    try:
        return int(app.run() or 0)
    finally:
        _close(app.session)


def launch_run(
    name_or_path: str | None, *, sound: bool = False, make_session: MakeSession | None = None
) -> int:
    """Run one lesson (None: the default `tour`); the exit code."""
    if not _is_tty():
        print(NOT_A_TTY, file=sys.stderr)
        return 2
    from coach.lesson.catalog import DEFAULT_LESSON_ID, resolve

    try:
        lesson, path = resolve(name_or_path or DEFAULT_LESSON_ID)
    except CoachError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 1
    from coach.ui.app import CoachApp

    # The app makes the session itself, after the first frame if the lesson
    # opens with its content note (nothing to wait for before reading it).
    app = CoachApp(lesson=lesson, lesson_path=path, sound=sound, make_session=make_session)
    try:
        code = int(app.run() or 0)
    finally:
        _close(app.session)
    if app.open_error is not None:
        raise app.open_error
    return code


def launch_session(open_session: Callable[[], SessionLike], *, sound: bool = False) -> int:
    """Run an existing session (`coach resume`); it is opened only once a TTY is known."""
    if not _is_tty():
        print(NOT_A_TTY, file=sys.stderr)
        return 2
    try:
        session = open_session()
    except CoachError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 1
    from coach.ui.app import CoachApp

    app = CoachApp(session, sound=sound)
    try:
        return int(app.run() or 0)
    finally:
        _close(app.session)


def _close(session: object) -> None:
    """Close a journaled session's writer (engine sessions have nothing to close)."""
    close = getattr(session, "close", None)
    if callable(close):
        close()
