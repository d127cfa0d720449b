"""The journal's public names in one place, for callers written before the split.

The journal now lives in `header` (line 1 and shared pieces), `writer`,
`reader` and `sessions` (the catalogue); import from those in new code.
"""

from __future__ import annotations

from typing import Any

from coach.journal.header import (
    SCHEMA,
    SUFFIX,
    Header,
    JournalError,
    Mode,
    WallClock,
    describe_os_error,
    encode_line,
    header_for_lesson,
    lesson_sha256,
    local_now,
    new_header,
    new_session_id,
    safe_name,
    wall_iso,
)
from coach.journal.reader import Journal, read_journal
from coach.journal.sessions import (
    SessionSummary,
    Status,
    find_session,
    journal_paths,
    latest_interrupted,
    list_sessions,
    summarize,
)
from coach.journal.writer import JournalWriter
from coach.text import one_line

__all__ = [
    "SCHEMA",
    "SUFFIX",
    "Header",
    "Journal",
    "JournalError",
    "JournalWriter",
    "Mode",
    "SessionSummary",
    "Status",
    "WallClock",
    "active_seconds",
    "describe_os_error",
    "encode_line",
    "find_session",
    "header_for_lesson",
    "journal_paths",
    "latest_interrupted",
    "lesson_sha256",
    "list_sessions",
    "local_now",
    "new_header",
    "new_session_id",
    "read_journal",
    "safe_name",
    "session_status",
    "summarize",
    "wall_iso",
]

# A recall drill (`coach rehearse`) journals events of its own, not the engine's, so
# its export reads the end and the active time off the plain dicts.

_END_STATUS: dict[str, Status] = {
    "finished": "finished",
    "stopped": "stopped",
    "checkin": "stopped",
}


def session_status(events: list[dict[str, Any]]) -> tuple[Status, str]:
    """finished / stopped / interrupted, from the last ``SessionEnded`` event."""
    for event in reversed(events):
        if event.get("type") == "SessionEnded":
            reason = str(event.get("reason", ""))
            message = event.get("message")
            text = one_line(message) if isinstance(message, str) else ""
            return _END_STATUS.get(reason, "stopped"), text
    return "interrupted", ""


def active_seconds(events: list[dict[str, Any]]) -> float:
    """Session seconds spent neither paused nor stopped, up to the end.

    Works on plain dicts (no lesson needed) so `list_sessions` stays fast, and
    follows the engine's rules: a pause (``Paused``) or a STOP (``Stopped``)
    lasts until ``Resumed`` or ``SessionEnded``; what is typed after the end
    (a late note, the review) does not count. The time the app was not running
    is not in ``t`` at all (a resumed session's clock carries on from there).
    """
    started: float | None = None
    last_t = 0.0
    paused = 0.0
    paused_at: float | None = None
    for event in events:
        t = event.get("t")
        if not isinstance(t, int | float) or isinstance(t, bool):
            continue
        t = float(t)
        kind = event.get("type")
        if started is None:
            started = t
        last_t = max(last_t, t)
        if kind in ("Paused", "Stopped") and paused_at is None:
            paused_at = t
        elif kind in ("Resumed", "SessionEnded") and paused_at is not None:
            paused += max(0.0, t - paused_at)
            paused_at = None
        if kind == "SessionEnded":
            break
    if paused_at is not None:
        paused += max(0.0, last_t - paused_at)
    return max(0.0, last_t - (started or 0.0) - paused)
