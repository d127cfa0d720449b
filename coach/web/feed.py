"""What the class view shows of the session it follows, right now.

`SessionFeed.poll()` is called a few times a second by the server. A
`coach.follower.Follower` picks the session (the one named with ``--session``,
else the newest live one, of ``--lesson`` when given, moving on when it ends or
its coach stops), reads what its journal gained and folds it into a `Mirror`;
liveness (the writer's OS lock) is asked at least every `LIVE_CHECK` seconds,
so a stopped coach is said, never a ghost animating a timer nobody runs. The
feed returns a new snapshot only when something may have changed (new
events, a deadline crossed, liveness changed); the server drops repeats.

No web code here: the server and the tests drive it the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coach.follower import STOPPED_MESSAGE, Follower, FollowError, LessonFor
from coach.journal.sessions import find_session
from coach.web.snapshot import (
    UNAVAILABLE_MESSAGE,
    WAITING_MESSAGE,
    banner,
    snapshot,
)

LIVE_CHECK = 0.5  # seconds between two `is_live` checks of the followed session
RECOMPUTE_EVERY = 1.0  # at most this long between two views, even with no deadline


class SessionFeed:
    """Follows the newest live session (or a named one) and makes snapshots of it."""

    def __init__(
        self,
        *,
        directory: Path | None = None,
        session: str | None = None,
        lesson: str | None = None,
        lesson_for: LessonFor | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        """Raises `JournalError` when `session` names no (or more than one) session."""
        fixed = find_session(session, directory).path if session else None
        self.follower = Follower(
            fixed,
            directory=directory,
            lesson_id=lesson,
            lesson_for=lesson_for,
            monotonic=monotonic,
            live_check=LIVE_CHECK,
        )
        self.problems: list[str] = []
        """Why a session could not be shown, for the server's console (once each)."""
        self._monotonic = monotonic
        self._wall = wall
        self._path: Path | None = fixed
        self._anchor_wall_ms = 0.0
        self._anchor_t = 0.0
        self._due = 0.0  # monotonic time of the next recompute
        self._shown: dict[str, Any] | None = None
        self._idle = banner("waiting", WAITING_MESSAGE)  # shown while nothing is followed

    def poll(self) -> dict[str, Any] | None:
        """A snapshot when something may have changed since the last one, else None."""
        now = self._monotonic()
        follower = self.follower
        try:
            changed = follower.poll()
        except FollowError as exc:
            if str(exc) not in self.problems:
                self.problems.append(str(exc))
            self._path = follower.path
            self._idle = banner("unavailable", UNAVAILABLE_MESSAGE)
            return self._show(self._idle)
        if follower.path != self._path:
            self._path = follower.path
            self._idle = banner("waiting", WAITING_MESSAGE)
        mirror = follower.mirror
        if follower.tail is None:
            return self._show(self._idle)
        if mirror is None:
            return self._show(banner("waiting", WAITING_MESSAGE))
        if changed:
            self._anchor_t = mirror.now()
            self._anchor_wall_ms = self._wall() * 1000.0
        if not changed and now < self._due:
            return None
        return self._show(self._snapshot(now))

    def close(self) -> None:
        self.follower.close()

    def _wall_ms(self, t: float) -> int:
        return round(self._anchor_wall_ms + (t - self._anchor_t) * 1000.0)

    def _show(self, shot: dict[str, Any]) -> dict[str, Any] | None:
        if shot == self._shown:
            return None
        self._shown = shot
        return shot

    def _snapshot(self, now: float) -> dict[str, Any]:
        mirror = self.follower.mirror
        assert mirror is not None
        session_now = mirror.now()
        view = mirror.view()
        shot = snapshot(mirror.compiled, mirror.state, view, session_now, self._wall_ms)
        if not self.follower.live and view.status != "ended":
            # The writer is gone without ending the session: nothing runs any more.
            shot.update(state="stopped", message=STOPPED_MESSAGE, timer=None, hold=None)
        deadline = view.next_deadline
        wait = RECOMPUTE_EVERY
        if deadline is not None:
            wait = min(wait, max(0.0, deadline - session_now) + 0.001)
        self._due = now + wait
        return shot


def describe(feed: SessionFeed) -> str:
    """What the feed follows, for the console line."""
    follower = feed.follower
    if follower.fixed and follower.path is not None:
        return f"session {follower.path.stem}"
    if follower.lesson_id is not None:
        return f"the newest live session of lesson {follower.lesson_id}"
    return "the newest live session"
