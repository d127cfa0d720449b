"""Which session the class view follows, and what it shows of it right now.

`SessionFeed.poll()` is called a few times a second by the server. It:

- follows one journal with a `JournalTail` (a ``stat`` when nothing changed,
  otherwise only the bytes added) and folds new events into a `Mirror`;
- asks `is_live` (the writer's OS lock) at least every `LIVE_CHECK` seconds:
  a session whose writer is gone and that did not end is a *stopped* coach,
  never a ghost animating a timer nobody runs;
- when there is nothing live to show, looks for the next session the
  instructor starts (the newest live one, or the newest live one of
  ``--lesson``), unless one session was named with ``--session``;
- returns a new snapshot only when something may have changed (new events,
  a deadline crossed, liveness changed); the server drops repeats.

No web code here: the server and the tests drive it the same way.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coach.errors import CoachError
from coach.journal.header import Header, JournalError
from coach.journal.lock import is_live
from coach.journal.sessions import find_session, journal_paths
from coach.journal.tail import JournalTail
from coach.lesson.model import Lesson
from coach.mirror import Mirror
from coach.web.snapshot import (
    STOPPED_MESSAGE,
    UNAVAILABLE_MESSAGE,
    WAITING_MESSAGE,
    banner,
    snapshot,
)

LIVE_CHECK = 0.5  # seconds between two `is_live` checks of the followed session
SEARCH_EVERY = 1.0  # seconds between two looks for a new live session
RECOMPUTE_EVERY = 1.0  # at most this long between two views, even with no deadline
LIVE_CANDIDATES = 20  # only the most recently modified journals can be live
HEADER_LIMIT = 64 * 1024  # a header line longer than this is not a journal of ours

LessonFor = Callable[[Header], tuple[Lesson, Path]]


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
    """The newest live run/present journal (of `lesson_id`, when given)."""
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


class Followed:
    """One journal being mirrored: its tail, its mirror, its wall-clock anchor."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tail = JournalTail(path)
        self.generation = 0  # the tail's: a replaced journal is replayed from scratch
        self.mirror: Mirror | None = None
        self.live = True
        self.anchor_wall_ms = 0.0
        self.anchor_t = 0.0
        self.due = 0.0  # monotonic time of the next recompute

    @property
    def ended(self) -> bool:
        """The session ended: a newer live session may take its place on the page."""
        return self.mirror is not None and self.mirror.ended

    def wall_ms(self, t: float) -> int:
        return round(self.anchor_wall_ms + (t - self.anchor_t) * 1000.0)

    def close(self) -> None:
        self.tail.close()


class SessionFeed:
    """Follows the newest live session (or a named one) and makes snapshots of it."""

    def __init__(
        self,
        *,
        directory: Path | None = None,
        session: str | None = None,
        lesson: str | None = None,
        lesson_for: LessonFor = _lesson_for,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        """Raises `JournalError` when `session` names no (or more than one) session."""
        self.directory = directory
        self.lesson_id = lesson
        self._lesson_for = lesson_for
        self._monotonic = monotonic
        self._wall = wall
        self.fixed: Path | None = find_session(session, directory).path if session else None
        self.current: Followed | None = None
        self.refused: set[Path] = set()
        self.problems: list[str] = []
        """Why a session could not be shown, for the server's console (once each)."""
        self._last_live_check = float("-inf")
        self._last_search = float("-inf")
        self._shown: dict[str, Any] | None = None
        self._idle = banner("waiting", WAITING_MESSAGE)  # shown while nothing is followed

    # ---- public

    def poll(self) -> dict[str, Any] | None:
        """A snapshot when something may have changed since the last one, else None."""
        now = self._monotonic()
        followed = self.current
        if followed is None or (self.fixed is None and (not followed.live or followed.ended)):
            found = self._search(now)
            if found is not None:
                self._follow(found)
                followed = self.current
        if followed is None:
            return self._show(self._idle)
        changed = False
        if now - self._last_live_check >= LIVE_CHECK:
            self._last_live_check = now
            live = is_live(followed.path)
            changed = live != followed.live
            followed.live = live
        try:
            records = followed.tail.poll()
        except JournalError as exc:
            return self._refuse(followed, str(exc))
        if followed.tail.generation != followed.generation:
            followed.generation = followed.tail.generation
            followed.mirror = None  # the journal was replaced: start over from its header
        if followed.mirror is None:
            if followed.tail.header is None:
                return self._show(banner("waiting", WAITING_MESSAGE))
            try:
                lesson, _ = self._lesson_for(followed.tail.header)
            except CoachError as exc:
                return self._refuse(followed, str(exc))
            followed.mirror = Mirror(lesson, monotonic=self._monotonic)
            changed = True
        mirror = followed.mirror
        try:
            if mirror.feed(records):
                changed = True
        except CoachError as exc:
            return self._refuse(followed, f"{followed.path}: {exc}")
        if changed:
            followed.anchor_t = mirror.now()
            followed.anchor_wall_ms = self._wall() * 1000.0
        if not changed and now < followed.due:
            return None
        return self._show(self._snapshot(followed, now))

    def close(self) -> None:
        if self.current is not None:
            self.current.close()
            self.current = None

    # ---- internals

    def _show(self, shot: dict[str, Any]) -> dict[str, Any] | None:
        if shot == self._shown:
            return None
        self._shown = shot
        return shot

    def _search(self, now: float) -> Path | None:
        if self.fixed is not None:
            gave_up = self.fixed in self.refused
            return self.fixed if self.current is None and not gave_up else None
        if now - self._last_search < SEARCH_EVERY:
            return None
        self._last_search = now
        current = self.current.path if self.current is not None else None
        skip = set(self.refused)
        if self.current is not None and self.current.ended:
            skip.add(self.current.path)  # stays on the page until another one is live
        found = find_live(self.directory, self.lesson_id, skip)
        # The same journal (live again: resumed) keeps its tail and mirror.
        if found is not None and found == current and self.current is not None:
            self.current.live = is_live(found)
            return None
        return found

    def _follow(self, path: Path) -> None:
        self.close()
        self.current = Followed(path)
        self._idle = banner("waiting", WAITING_MESSAGE)
        self._last_live_check = float("-inf")

    def _refuse(self, followed: Followed, problem: str) -> dict[str, Any] | None:
        if problem not in self.problems:
            self.problems.append(problem)
        self.refused.add(followed.path)
        followed.close()
        self.current = None
        self._idle = banner("unavailable", UNAVAILABLE_MESSAGE)
        return self._show(self._idle)

    def _snapshot(self, followed: Followed, now: float) -> dict[str, Any]:
        mirror = followed.mirror
        assert mirror is not None
        session_now = mirror.now()
        view = mirror.view()
        shot = snapshot(mirror.compiled, mirror.state, view, session_now, followed.wall_ms)
        if not followed.live and view.status != "ended":
            # The writer is gone without ending the session: nothing runs any more.
            shot.update(state="stopped", message=STOPPED_MESSAGE, timer=None, hold=None)
        deadline = view.next_deadline
        wait = RECOMPUTE_EVERY
        if deadline is not None:
            wait = min(wait, max(0.0, deadline - session_now) + 0.001)
        followed.due = now + wait
        return shot


def describe(feed: SessionFeed) -> str:
    """What the feed follows, for the console line."""
    if feed.fixed is not None:
        return f"session {feed.fixed.stem}"
    if feed.lesson_id is not None:
        return f"the newest live session of lesson {feed.lesson_id}"
    return "the newest live session"
