"""Arguments and options several commands share, and what the shell completes for them.

Why this exists: `LESSON`, `SESSION`, `--sound`, `-o` and `--format` mean the same
thing in every command, so they are declared once. Completion must answer while
the person waits at a Tab key: lesson ids are the file names in the two lesson
folders and session ids the journal file names in the sessions folder; nothing is
parsed, and names that are not plain ids are never offered.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coach import paths

PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
"""What a completion may offer: a name a shell and a terminal show as it is."""

LESSON_SUFFIXES = (".yaml", ".yml")
JOURNAL_SUFFIX = ".jsonl"


def _names(folder: Path, suffixes: tuple[str, ...]) -> list[str]:
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    return sorted(
        entry.stem
        for entry in entries
        if entry.suffix in suffixes and PLAIN_NAME.fullmatch(entry.stem)
    )


def complete_lesson(incomplete: str) -> list[tuple[str, str]]:
    """Lesson ids for the shell: bundled first, then the person's own; or a path being typed."""
    if "/" in incomplete or incomplete.startswith((".", "~")):
        return [(path, "") for path in _lesson_paths(incomplete)]
    found: dict[str, str] = {}
    for folder, source in (
        (paths.bundled_lessons_dir(), "bundled lesson"),
        (paths.user_lessons_dir(), "your lesson"),
    ):
        for name in _names(folder, LESSON_SUFFIXES):
            found.setdefault(name, source)
    return [(name, source) for name, source in found.items() if name.startswith(incomplete)]


def _lesson_paths(incomplete: str) -> list[str]:
    """Folders (ending in `/`) and YAML files whose path starts with `incomplete`."""
    head, slash, _tail = incomplete.rpartition("/")
    folder = Path(head or "/").expanduser() if slash else Path(".")
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    offered = []
    for entry in entries:
        shown = f"{head}/{entry.name}" if slash else entry.name
        if not shown.startswith(incomplete) or not entry.name.isprintable():
            continue
        if entry.is_dir():
            offered.append(shown + "/")
        elif entry.suffix in LESSON_SUFFIXES:
            offered.append(shown)
    return offered


def complete_lesson_path(incomplete: str) -> list[str]:
    """Folders and lesson files for `coach validate PATH...`."""
    return _lesson_paths(incomplete)


def complete_session(incomplete: str) -> list[str]:
    """Session ids for the shell, newest first (ids start with their date and time)."""
    names = _names(paths.sessions_dir(), (JOURNAL_SUFFIX,))
    return [name for name in reversed(names) if name.startswith(incomplete)]


class ExportFormat(StrEnum):
    """What `coach export` writes."""

    markdown = "markdown"
    md = "md"
    json = "json"


LessonArgument = Annotated[
    str,
    typer.Argument(
        help="A lesson id (see `coach list`) or a path.",
        metavar="LESSON",
        autocompletion=complete_lesson,
    ),
]
OptionalLessonArgument = Annotated[
    str | None,
    typer.Argument(
        help="A lesson id (see `coach list`) or a path. Default: tour.",
        metavar="LESSON",
        autocompletion=complete_lesson,
    ),
]
SessionArgument = Annotated[
    str,
    typer.Argument(
        help="A session id, or the start of one (see `coach sessions`).",
        metavar="SESSION",
        autocompletion=complete_session,
    ),
]
SoundOption = Annotated[
    bool, typer.Option("--sound", help="Ring the terminal bell at each breath phase.")
]
GuideSoundOption = Annotated[
    bool,
    typer.Option(
        "--sound",
        help="Play distinct cues (inhale, exhale, next position, timer done, STOP...); "
        "needs the audio extra, else the terminal bell.",
    ),
]
VoiceOption = Annotated[
    bool,
    typer.Option(
        "--voice",
        help="Speak each step, position and reminder (offline: espeak-ng, say or SAPI); "
        "implies --sound.",
    ),
]
HandsFreeOption = Annotated[
    bool,
    typer.Option(
        "--hands-free",
        help="Start lead-ins by themselves and move on when a timer or hold ends: "
        "at most one key (a pedal or clicker) per step.",
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output", "-o", help="Write to this file (0600, replaced whole) instead of stdout."
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON for scripts (see `coach help json`).")
]
