"""Entry points for the CLI: `coach` (picker), `coach run [LESSON]`, `coach resume`.

They return an exit code instead of raising, and refuse politely when there is
no terminal to draw on (piped stdin/stdout), because a full-screen app on a
pipe would hang or spray escape codes. `make_session` lets the CLI hand in
the journaled session later without this module knowing about the journal.
On leaving, one line on stderr names the session and the next useful command
(`leaving_line`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from coach.errors import CoachError
from coach.text import one_line

if TYPE_CHECKING:
    from collections.abc import Callable

    from coach.ui.app import CoachApp
    from coach.ui.session import MakeSession, Resumable, SessionLike

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

    app = CoachApp(sound=sound, make_session=make_session, resumable=find_resumable())
    try:
        code = int(app.run() or 0)
    finally:
        _close(app.session)
    _say_goodbye(app)
    return code


def find_resumable() -> Resumable | None:
    """The newest interrupted session, for the picker to offer (None if none or unreadable)."""
    from coach.journal.store import latest_interrupted, read_journal
    from coach.live import LiveSession, lesson_for
    from coach.ui.session import Resumable

    try:
        found = latest_interrupted()
    except CoachError:
        return None
    if found is None:
        return None

    def open_it() -> SessionLike:
        header = read_journal(found.path).header
        lesson, _path = lesson_for(header)
        return LiveSession.resume(lesson, found.path)

    return Resumable(found.id, found.lesson_title or found.lesson_id, open_it)


def leaving_line(app: CoachApp) -> str | None:
    """One line for the terminal after the app: what happened, and the next useful command."""
    status, session_id = app.session_status, app.session_id
    if status == "declined":
        return "coach: you left before starting; nothing was saved."
    if session_id is None:
        return None
    shown = one_line(session_id)
    if status == "ended":
        return f"coach: session {shown} ended. Export it: coach export {shown}"
    return f"coach: session {shown} is kept. Continue it: coach resume {shown}"


def _say_goodbye(app: CoachApp) -> None:
    line = leaving_line(app)
    if line is not None:
        print(line, file=sys.stderr)


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

    # The app makes the session itself, once the content note (if any) is agreed.
    app = CoachApp(lesson=lesson, lesson_path=path, sound=sound, make_session=make_session)
    try:
        code = int(app.run() or 0)
    finally:
        _close(app.session)
    if app.open_error is not None:
        raise app.open_error
    _say_goodbye(app)
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
        code = int(app.run() or 0)
    finally:
        _close(app.session)
    _say_goodbye(app)
    return code


def _close(session: object) -> None:
    """Close a journaled session's writer (engine sessions have nothing to close)."""
    close = getattr(session, "close", None)
    if callable(close):
        close()
