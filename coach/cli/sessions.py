"""The commands about recorded sessions: sessions (the list) and export.

Why this module exists: both read journals and print; neither opens a screen. A
journal is data written by any coach, so its header (id, lesson title, stop
message) is printed only through `coach.cli.output`.
"""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from coach.cli.options import ExportFormat, JsonOption, OutputOption, SessionArgument
from coach.cli.output import err, note, out, table
from coach.errors import CoachError

if TYPE_CHECKING:
    from coach.journal.header import Header
    from coach.journal.sessions import SessionSummary
    from coach.lesson.model import Lesson

MODES = {"run": "run", "present": "present", "rehearse": "drill"}
"""How a session's mode reads (the journal says `rehearse` for a recall drill)."""

STATUS_ROLES = {"finished": "good", "stopped": "warn", "interrupted": "info", "unreadable": "bad"}

REASON_WIDTH = 60
"""A stop message longer than this is cut with an ellipsis: one session, one line."""


def mode_name(mode: str) -> str:
    return MODES.get(mode, mode or "?")


def _short(text: str, width: int = REASON_WIDTH) -> str:
    from coach.text import one_line

    text = one_line(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def sessions(as_json: JsonOption = False) -> None:
    """List your sessions, newest first.

    Columns: id, mode (run, present, drill), lesson, started, active time, status
    (with a stopped session's message, cut to one line).

    Example: coach sessions
    """
    from coach import paths
    from coach.journal.sessions import list_sessions

    found = list_sessions()
    if as_json:
        from coach.text import json_text

        typer.echo(json_text([session_record(item) for item in found]), nl=False)
        return
    if not found:
        out(f"No sessions yet (they are kept in {paths.sessions_dir()}).")
        return
    table(
        ("id", "mode", "lesson", "started", "active", "status"),
        [_row(item) for item in found],
        right=("active",),
        cut=("lesson", "status"),
    )
    note("\nResume one with `coach resume ID`, export it with `coach export ID`.")


def _row(item: "SessionSummary") -> list[str | tuple[str, str]]:
    started = item.started.strftime("%Y-%m-%d %H:%M") if item.started else "?"
    status = item.status
    reason = item.reason.removeprefix(f"{item.path}:").removeprefix(f"{item.path}").strip()
    if reason:
        status += f" ({_short(reason)})"
    return [
        item.id,
        mode_name(item.mode),
        item.lesson_title or item.lesson_id or "?",
        started,
        item.active_text,
        (status, STATUS_ROLES.get(item.status, "")),
    ]


def session_record(item: "SessionSummary") -> dict[str, Any]:
    """One object of `coach sessions --json`; keys documented in `coach help json`."""
    started = item.started
    return {
        "id": item.id,
        "mode": mode_name(item.mode),
        "lesson_id": item.lesson_id or None,
        "lesson_title": item.lesson_title or None,
        "started": started.isoformat(timespec="seconds") if started else None,
        "active_seconds": round(item.active_seconds, 3),
        "status": item.status,
        "reason": item.reason or None,
        "events": item.events,
        "path": str(item.path),
    }


def export(
    session: SessionArgument,
    output: OutputOption = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="What to write.", case_sensitive=False),
    ] = ExportFormat.markdown,
) -> None:
    """Export a session as Markdown or JSON.

    Example: coach export 20261125-1423 -o session.md
    """
    from coach.journal.reader import read_journal
    from coach.journal.sessions import find_session
    from coach.report.files import export_journal

    as_json = fmt is ExportFormat.json
    journal = read_journal(find_session(session).path)
    for warning in journal.warnings:
        err(f"warning: {warning}")
    if journal.header.mode == "rehearse":
        from coach.drill.export import drill_markdown

        if as_json:
            from coach.text import json_text

            report = {"export": 1, "session": journal.header.to_dict(), "events": journal.events}
            text = json_text(report)
        else:
            text = drill_markdown(journal.header, journal.events)
    else:
        lesson = _recorded_lesson(journal.header)
        text = export_journal(journal, lesson, "json" if as_json else "markdown")
    if output is None:
        if as_json:
            typer.echo(text, nl=False)  # json_text escapes every control character itself
        else:
            out(text.rstrip("\n"))
        return
    from coach.files import write_private_atomic

    err(f"wrote {write_private_atomic(output, text)}")


def _recorded_lesson(header: "Header") -> "Lesson | None":
    """The session's lesson if it can still be found; an export works without it."""
    from coach.live import lesson_for

    try:
        return lesson_for(header)[0]
    except CoachError as exc:
        err(f"warning: the lesson is not available ({exc}); exporting from the journal alone")
        return None
