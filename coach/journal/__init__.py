"""Session journals: the append-only record of a session, and its exports.

`store` writes and reads journals and lists sessions; `export` folds a
journal into Markdown or JSON. Neither imports Textual.
"""

from coach.journal.store import (
    Header,
    Journal,
    JournalError,
    JournalWriter,
    SessionSummary,
    find_session,
    header_for_lesson,
    latest_interrupted,
    list_sessions,
    new_header,
    read_journal,
)

__all__ = [
    "Header",
    "Journal",
    "JournalError",
    "JournalWriter",
    "SessionSummary",
    "find_session",
    "header_for_lesson",
    "latest_interrupted",
    "list_sessions",
    "new_header",
    "read_journal",
]
