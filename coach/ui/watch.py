"""`coach run --watch`: edit a lesson in one window, see it in the other.

An author iterates on wording and timings; restarting the app and walking
back to step 14 after every save is what makes people stop editing. So:

- `LessonWatcher` polls the lesson file (and the fragments it includes) about
  once a second: one ``stat`` per file, nothing read unless a size or mtime
  changed. It is plain Python, tested without a terminal.
- On a change it reloads. A good lesson comes back as `Reloaded`; a broken
  one as `Broken` with every problem as ``path:line:col: message`` — the app
  keeps running the last good lesson and shows them in a `WatchBanner`.
- `carry_over` keeps the author where they were: the preview's events are
  replayed on the new lesson (same clock), so the position, the elapsed time
  and a running hold go on as if nothing happened. If the events no longer
  fit (the lesson changed before this point) it starts the same step afresh
  (`restart_at`, by step id); if the step itself is gone, the step now at
  that place. Either way it says where it moved.

Watch mode is an authoring preview: nothing is journaled, and the app says so
on the step screen and in the quit dialog.

`LessonWatch` wires these into any Textual app with a 1 Hz timer and a
callback; the app decides what to do with a reloaded lesson.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import App
from textual.timer import Timer
from textual.widgets import Static

from coach.engine import commands as c
from coach.errors import CoachError, LessonError
from coach.lesson.loader import load_lesson
from coach.lesson.model import Lesson
from coach.text import one_line
from coach.ui.session import MakeSession, SessionLike

POLL_SECONDS = 1.0
_INCLUDE = re.compile(r"""^\s*-?\s*include\s*:\s*["']?([^"'#\s]+)""", re.MULTILINE)
_MAX_FILES = 200


@dataclass(frozen=True)
class Reloaded:
    lesson: Lesson


@dataclass(frozen=True)
class Broken:
    problems: tuple[str, ...]


Change = Reloaded | Broken


def _includes(path: Path) -> list[Path]:
    """Fragments a lesson file names with `include:` (best effort; the loader decides)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [(path.parent / m.group(1)).resolve() for m in _INCLUDE.finditer(text)]


class LessonWatcher:
    """Tells when a lesson file (or a fragment it includes) changed, and reloads it."""

    def __init__(self, path: str | Path, load: Callable[[Path], Lesson] = load_lesson) -> None:
        self.path = Path(path)
        self._load = load
        self.files: tuple[Path, ...] = ()
        self._seen: dict[Path, tuple[int, int] | None] = {}
        self.stats = 0
        self.reloads = 0
        self._rescan()

    def _rescan(self) -> None:
        files = [self.path.resolve()]
        queue = [files[0]]
        while queue and len(files) < _MAX_FILES:
            for found in _includes(queue.pop()):
                if found not in files:
                    files.append(found)
                    queue.append(found)
        self.files = tuple(files)
        self._seen = {f: self._stat(f) for f in self.files}

    def _stat(self, path: Path) -> tuple[int, int] | None:
        self.stats += 1
        try:
            st = os.stat(path)
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def changed(self) -> bool:
        """True if any watched file changed since the last look (one stat per file)."""
        return any(self._stat(f) != seen for f, seen in self._seen.items())

    def poll(self) -> Change | None:
        """None if nothing changed; else the reloaded lesson or its problems."""
        if not self.changed():
            return None
        self._rescan()
        self.reloads += 1
        try:
            return Reloaded(self._load(self.path))
        except LessonError as exc:
            return Broken(tuple(one_line(str(p)) for p in exc.problems))
        except CoachError as exc:
            return Broken((one_line(f"{self.path}: {exc}"),))


def restart_at(
    lesson: Lesson, path: Path | None, step_id: str | None, make_session: MakeSession
) -> SessionLike:
    """A fresh, started session of `lesson`, moved to `step_id` if the lesson still has it."""
    session = make_session(lesson, path)
    session.do(c.Start())
    ids = {fs.id for fs in lesson.flat_steps()}
    if step_id is not None and step_id in ids:
        first = session.view().step
        if first is None or first.id != step_id:
            session.do(c.JumpTo(step_id))
    return session


def carry_over(
    old: SessionLike, lesson: Lesson, path: Path | None, make_session: MakeSession
) -> tuple[SessionLike, str | None]:
    """A session of the reloaded `lesson` where `old` was; a sentence if it had to move."""
    from coach.engine.session import Session

    step = old.view().step
    step_id = step.id if step is not None else None
    events = getattr(old, "events", None)
    if events is not None:
        try:
            guard = getattr(old, "next_guard", None)
            kwargs = {} if guard is None else {"next_guard": guard}
            session = Session(lesson, old.clock, events, **kwargs)
        except CoachError:
            pass
        else:
            now = session.view().step
            if step_id is None or (now is not None and now.id == step_id):
                return session, None
    flat = lesson.flat_steps()
    ids = [fs.id for fs in flat]
    if step_id in ids:
        session = restart_at(lesson, path, step_id, make_session)
        title = one_line(flat[ids.index(step_id)].step.title)
        return session, f"Reloaded: the lesson changed before this step; “{title}” starts again."
    index = min(step.index if step is not None else 0, len(flat) - 1)
    session = restart_at(lesson, path, ids[index], make_session)
    gone = one_line(step_id or "?")
    title = one_line(flat[index].step.title)
    return session, f"Reloaded: step “{gone}” is gone; now at step {index + 1}, “{title}”."


def banner_text(problems: tuple[str, ...], limit: int = 8) -> Text:
    """The problems of a broken lesson, as literal text (file content is data)."""
    out = Text(f"The lesson has {len(problems)} problem(s); still showing the last good version:\n")
    shown = problems[:limit]
    for i, problem in enumerate(shown):
        out.append(problem)
        if i < len(shown) - 1 or len(problems) > limit:
            out.append("\n")
    if len(problems) > limit:
        out.append(f"… and {len(problems) - limit} more (coach validate lists them all)")
    return out


class WatchBanner(Static):
    """Validation errors in place, above the step; hidden while the lesson is good."""

    DEFAULT_CSS = """
    WatchBanner {
        height: auto;
        max-height: 10;
        padding: 0 1;
        margin: 0 1;
        border-left: thick $error;
        background: $error 15%;
        display: none;
    }
    """

    def __init__(self, **kwargs: str | None) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.problems: tuple[str, ...] = ()

    def show_problems(self, problems: tuple[str, ...]) -> None:
        if problems == self.problems:
            return
        self.problems = problems
        self.display = bool(problems)
        if problems:
            self.update(banner_text(problems))


class LessonWatch:
    """A 1 Hz watcher bound to an app: calls `on_change` with each `Change`.

    Usage inside an app: ``self.watch = LessonWatch(self, path, self.on_lesson_change)``
    in ``on_mount``; ``self.watch.stop()`` on unmount. `check()` polls now (tests).
    """

    def __init__(
        self,
        app: App[object],
        path: Path,
        on_change: Callable[[Change], None],
        *,
        interval: float = POLL_SECONDS,
        watcher: LessonWatcher | None = None,
    ) -> None:
        self.watcher = watcher or LessonWatcher(path)
        self.on_change = on_change
        self._timer: Timer | None = app.set_interval(interval, self.check)

    def check(self) -> Change | None:
        change = self.watcher.poll()
        if change is not None:
            self.on_change(change)
        return change

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None


# --------------------------------------------------------------------------- the app side


class WatchedRun:
    """`coach run --watch` glue for a `CoachApp`: reload in place, errors in a banner.

    Uses only the app's public surface (`session`, `make_session`,
    `open_session`, `step_screen`, the screen stack), so the app itself needs
    no change. On a good reload the current session is closed, a fresh one is
    started at the same step id, and the step screen is rebuilt; on a broken
    one the old lesson keeps running and the problems show above the step.
    """

    def __init__(self, app: App[object], path: Path, *, interval: float = POLL_SECONDS) -> None:
        self.app = app
        self.path = path
        self.problems: tuple[str, ...] = ()
        self.reloaded = 0
        self.watch = LessonWatch(app, path, self.on_change, interval=interval)

    def check(self) -> Change | None:
        return self.watch.check()

    def on_change(self, change: Change) -> None:
        if isinstance(change, Broken):
            self.problems = change.problems
        else:
            self.problems = ()
            self._restart(change.lesson)
        self.app.call_after_refresh(self._show_banner)

    def _restart(self, lesson: Lesson) -> None:
        app = self.app
        old = getattr(app, "session", None)
        make = app.make_session  # type: ignore[attr-defined]
        if old is None:
            session, moved = restart_at(lesson, self.path, None, make), None
        else:
            session, moved = carry_over(old, lesson, self.path, make)
        if moved:
            app.notify(moved, markup=False, timeout=8)
        close = getattr(old, "close", None)
        if callable(close):
            close()
        while len(app.screen_stack) > 1:
            app.pop_screen()
        app.summary_shown = False  # type: ignore[attr-defined]
        app.open_session(session, from_picker=False)  # type: ignore[attr-defined]
        self.reloaded += 1

    def _show_banner(self) -> None:
        screen = getattr(self.app, "step_screen", None)
        if screen is None or not screen.is_attached:
            return
        found = list(screen.query(WatchBanner))
        if found:
            banner = found[0]
        else:
            banner = WatchBanner(id="watch-banner")
            body = screen.step_view.body
            body.parent.mount(banner, before=body)
        banner.show_problems(self.problems)

    def stop(self) -> None:
        self.watch.stop()


def launch_watch(name_or_path: str | None, *, sound: bool = False) -> int:
    """`coach run --watch LESSON`: run it, reloading on every save; the exit code."""
    import sys

    from coach.lesson.catalog import DEFAULT_LESSON_ID, resolve
    from coach.ui.app import CoachApp
    from coach.ui.launch import NOT_A_TTY, _is_tty
    from coach.ui.session import default_make_session

    if not _is_tty():
        print(NOT_A_TTY, file=sys.stderr)
        return 2
    lesson, path = resolve(name_or_path or DEFAULT_LESSON_ID)
    factory = default_make_session()

    class WatchingApp(CoachApp):
        watched: WatchedRun | None = None

        def on_ready(self) -> None:
            self.watched = WatchedRun(self, Path(path))

    from coach.crash import run_app

    app = WatchingApp(factory(lesson, path), sound=sound, make_session=factory, preview=True)
    return run_app(app, where="coach run --watch")
