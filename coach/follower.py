"""Following a session's journal from another process: which session, and what it gained.

The two read-only views of a session, `coach follow` in a terminal and the
class view of `coach serve` in a browser, follow the same way, so they share
this one follower:

- a session named on the command line is followed to its end and never left;
- otherwise the newest *live* run or present session (its writer holds the
  journal's OS lock, `coach.journal.lock.is_live`; a lesson id keeps to one
  lesson), moving on by itself to the next live one once the followed one
  has ended or its coach has stopped; a stopped coach that is resumed is
  followed again. A session that ended stays followed until another is live;
- a `JournalTail` reads only what the journal gained (a ``stat`` when nothing
  changed) and a `Mirror` folds it in; a journal replaced on disk is replayed
  from its header;
- a session that cannot be shown (an unreadable journal, a lesson that is not
  installed, events that do not fit it) raises `FollowError` once and is
  never picked again.

No Textual and no web here: the terminal app and the server drive it alike.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from coach.engine.state import State, View
from coach.errors import CoachError
from coach.journal.header import Header, JournalError, local_now
from coach.journal.lock import is_live
from coach.journal.sessions import journal_paths
from coach.journal.tail import JournalTail
from coach.lesson.model import Lesson
from coach.mirror import Mirror

SEARCH_EVERY = 1.0  # seconds between two looks for a new live session
LIVE_CANDIDATES = 20  # only the most recently modified journals can be live
HEADER_LIMIT = 64 * 1024  # a header line longer than this is not a journal of ours
READY_WINDOW = 0.5  # a pause this close to entering a step is the presenter's "ready"
STOPPED_MESSAGE = "The instructor's coach stopped"
"""What a follower says once the followed session's writer is gone without ending it."""
GETTING_READY_MESSAGE = "Getting ready: the instructor starts when they are in place"

LessonFor = Callable[[Header], tuple[Lesson, Path]]


def status_line(view: View, state: State) -> str:
    """The one line that says what the instructor is doing, in a follower's words.

    The terminal follower and the class view say the same, from the same state.
    """
    if view.status == "idle":
        return "Waiting for the instructor to start"
    if view.status == "ended":
        return "Session ended" + (f": {view.end_message}" if view.end_message else "")
    if view.status == "stopped":
        return "Stopped by the instructor"
    if view.status == "paused":
        if (
            view.timer.mode is not None
            and state.paused_at is not None
            and state.paused_at - state.step_entered_at <= READY_WINDOW
        ):
            return "Ready: the timer starts when the instructor begins"
        return "Paused by the instructor"
    if view.waiting_ready:
        return GETTING_READY_MESSAGE
    return ""


class FollowError(CoachError):
    """The followed session cannot be shown; the message says why, for a person."""


def _lesson_for(header: Header) -> tuple[Lesson, Path]:
    from coach.live import lesson_for

    return lesson_for(header)


def read_header(path: Path) -> Header | None:
    """The journal's first line as a `Header`, or None if it is not one (bounded read)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        first = os.read(fd, HEADER_LIMIT).split(b"\n", 1)[0]
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        data = json.loads(first)
        return Header.from_dict(data, str(path)) if isinstance(data, dict) else None
    except (ValueError, CoachError):
        return None


def find_live(
    directory: Path | None, lesson_id: str | None, skip: set[Path] | None = None
) -> Path | None:
    """The newest live run/present journal (of `lesson_id`, when given); never a drill."""
    try:
        paths = list(journal_paths(directory))
    except JournalError:
        return None

    def mtime(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    for path in sorted(paths, key=mtime, reverse=True)[:LIVE_CANDIDATES]:
        if (skip and path in skip) or not is_live(path):
            continue
        header = read_header(path)
        if header is None or header.mode not in ("run", "present"):
            continue
        if lesson_id is None or header.lesson_id == lesson_id:
            return path
    return None


class Follower:
    """Follows one named session, or the newest live one; `poll` folds in what it gained."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        directory: Path | None = None,
        lesson_id: str | None = None,
        lesson_for: LessonFor | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = local_now,
        search_every: float = SEARCH_EVERY,
        live_check: float = 0.0,
    ) -> None:
        """`live_check`: seconds between two `is_live` checks (0: at every poll)."""
        self.fixed = path is not None  # named on the command line: never left for another
        self.path = path
        self.directory = directory
        self.lesson_id = lesson_id
        self.tail: JournalTail | None = JournalTail(path) if path is not None else None
        self.mirror: Mirror | None = None
        self.live = True
        self.refused: set[Path] = set()
        self._lesson_for = lesson_for or _lesson_for
        self._monotonic = monotonic
        self._wall = wall
        self._search_every = search_every
        self._live_check = live_check
        self._generation = 0  # the tail's: a replaced journal is replayed from scratch
        self._last_search = float("-inf")
        self._last_live_check = float("-inf")

    @property
    def ended(self) -> bool:
        """The followed session ended."""
        return self.mirror is not None and self.mirror.ended

    @property
    def gone(self) -> bool:
        """The followed session ended, or its coach stopped: time to look for the next one."""
        return self.mirror is not None and (self.mirror.ended or not self.live)

    def poll(self) -> bool:
        """Move on if it is time, read what the journal gained and fold it in.

        True when what a view shows may have changed: another session, a new
        mirror, new events, or the writer came or went. Raises `FollowError`
        when the followed session cannot be shown; it is then let go.
        """
        now = self._monotonic()
        changed = False
        if not self.fixed and (self.tail is None or self.gone):
            changed = self._look_for_next(now)
        tail, path = self.tail, self.path
        if tail is None or path is None:
            return changed
        if now - self._last_live_check >= self._live_check:
            self._last_live_check = now
            live = is_live(path)  # one open and flock: microseconds
            changed = changed or live != self.live
            self.live = live
        try:
            records = tail.poll()
        except JournalError as exc:
            self._refuse(str(exc))
        if tail.generation != self._generation:
            self._generation = tail.generation
            self.mirror = None  # the journal was replaced: start over from its header
        if self.mirror is None:
            if tail.header is None:
                return changed
            try:
                lesson, _path = self._lesson_for(tail.header)
            except CoachError as exc:
                self._refuse(str(exc))
            self.mirror = Mirror(lesson, monotonic=self._monotonic, wall=self._wall)
            changed = True
        try:
            return self.mirror.feed(records) or changed
        except CoachError as exc:
            self._refuse(f"{path}: {exc}")

    def close(self) -> None:
        if self.tail is not None:
            self.tail.close()
            self.tail = None

    def _look_for_next(self, now: float) -> bool:
        """Switch to the newest live session other than an ended current one; True if switched."""
        if now - self._last_search < self._search_every:
            return False
        self._last_search = now
        skip = set(self.refused)
        if self.path is not None and self.ended:
            skip.add(self.path)  # it stays followed until another one is live
        found = find_live(self.directory, self.lesson_id, skip)
        if found is None:
            return False
        if found == self.path and self.tail is not None:
            self._last_live_check = float("-inf")  # live again (resumed): say so now
            return False
        self.close()
        self.path = found
        self.tail = JournalTail(found)
        self.mirror = None
        self.live = True
        self._generation = 0
        self._last_live_check = float("-inf")
        return True

    def _refuse(self, problem: str) -> NoReturn:
        if self.path is not None:
            self.refused.add(self.path)
        self.close()
        self.mirror = None
        raise FollowError(problem)
