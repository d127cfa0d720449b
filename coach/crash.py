"""When coach itself fails: a private report on disk and one line on the terminal.

Why this exists: an unexpected error (a bug) used to end in a traceback, and a
crash inside a screen (picker, follow, watch, rehearse) in a traceback and exit
status 0, so a script or a person could not tell it had failed. Now the full
report goes to a file only the owner can read (0600, in coach's data folder: it
may quote what was on screen), and the terminal gets one line that says where it
is; the exit status is `CRASH_STATUS`.

Textual prints an app's crash after `App.run()` returns, on the app's public
`error_console`; `run_app` hands it a console that writes into memory instead, and
reads the public `return_code`. This module imports Textual only for types.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING, Any

from coach import __version__, paths
from coach.errors import CoachError
from coach.text import one_line

if TYPE_CHECKING:
    from pathlib import Path

    from textual.app import App

CRASH_STATUS = 70
"""`EX_SOFTWARE` of sysexits.h: an internal error, apart from 1 (a problem explained) and 2."""


class Crashed(CoachError):
    """A screen or a command failed unexpectedly; the message says where the report is."""

    def __init__(self, message: str, report: Path | None) -> None:
        super().__init__(message)
        self.report = report


def write_report(details: str, *, where: str) -> Path:
    """Write a crash report (0600) into the data folder; its path.

    `where` names what failed ("coach run", "the lesson picker"). Raises `OSError`
    when the folder cannot be written.
    """
    import platform
    import secrets
    from datetime import datetime

    folder = paths.ensure_private_dir(paths.data_dir())
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"crash-{stamp}-{secrets.token_hex(2)}.txt"
    header = (
        f"coach {__version__} crashed in {where}\n"
        f"when: {datetime.now().astimezone().isoformat(timespec='seconds')}\n"
        f"python: {platform.python_version()} on {platform.platform()}\n"
        f"command: {' '.join(sys.argv[1:])}\n\n"
    )
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as file:
        file.write(header + details)
    return path


def crashed(details: str, *, where: str, summary: str) -> Crashed:
    """The `Crashed` error for a failure: the report written, or why it could not be."""
    try:
        report: Path | None = write_report(details, where=where)
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        message = f"{where} failed unexpectedly ({summary}); no report could be saved: {reason}"
        return Crashed(one_line(message)[:400], None)
    message = f"{where} failed unexpectedly ({summary}); the full report is in {report}"
    return Crashed(one_line(message), report)


def run_app(app: App[Any], *, where: str, **run_options: Any) -> int:
    """Run a Textual app; its exit code, or `Crashed` when it stopped on an error.

    Textual catches an exception raised inside the app, stops the app, sets
    `return_code` to 1 and prints the traceback on `error_console`; that print
    goes into the report instead of the terminal.
    """
    from rich.console import Console

    captured = io.StringIO()
    app.error_console = Console(
        file=captured, width=120, color_system=None, markup=False, highlight=False, emoji=False
    )
    result = app.run(**run_options)
    printed = captured.getvalue()
    if printed.strip() and app.return_code:
        last = [line for line in printed.splitlines() if line.strip()][-1].strip()
        raise crashed(printed, where=where, summary=last[:160])
    if printed.strip():  # said something on the way out without failing: show it as text
        sys.stderr.write(one_line(printed) + "\n")
    code = app.return_code or 0
    return result if isinstance(result, int) and not code else code
