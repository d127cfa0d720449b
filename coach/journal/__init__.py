"""Session journals: the append-only record of a session.

`header` (line 1, names checked), `writer` (appending, locked), `reader`
(reading anything back safely), `sessions` (the catalogue by file name),
`tail` (following a growing journal), `lock`. The report of a session is in
`coach.report`. None of it imports Textual.
"""

from coach.journal.header import Header, JournalError, header_for_lesson, new_header
from coach.journal.reader import Journal, read_journal
from coach.journal.sessions import (
    SessionSummary,
    find_session,
    latest_interrupted,
    list_sessions,
)
from coach.journal.writer import JournalWriter

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
