"""Every file location coach uses, in one place.

`COACH_HOME` moves all of them under one folder (tests, portable installs).
Otherwise we follow the platform's conventions through platformdirs. Session
journals are intimate, so the data folder is created owner-only (0700).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

APP_NAME = "coach"


def home_override() -> Path | None:
    value = os.environ.get("COACH_HOME")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """Where journals and drill results live."""
    home = home_override()
    if home:
        return home / "data"
    from platformdirs import user_data_path  # not needed before the first frame

    return user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """What coach can rebuild at any time (validated lessons, ready to start)."""
    home = home_override()
    if home:
        return home / "cache"
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def user_lessons_dir() -> Path:
    """The person's own lessons: any `*.yaml` here shows up in `coach list`."""
    return data_dir() / "lessons"


def sessions_dir() -> Path:
    return data_dir() / "sessions"


def bundled_lessons_dir() -> Path:
    """The lessons shipped with coach.

    An installed wheel carries them as `coach/_lessons`; a source checkout (or an
    editable install) reads `lessons/` beside the package.
    """
    package = Path(__file__).resolve().parent
    installed = package / "_lessons"
    if installed.is_dir():
        return installed
    return package.parent / "lessons"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by the owner only."""
    # Every folder we create on the way is private too (mkdir's `mode` covers
    # only the last one); folders that already existed are left as they are.
    for folder in reversed(path.parents):
        if not folder.exists():
            folder.mkdir(mode=0o700, exist_ok=True)
            os.chmod(folder, 0o700)
    path.mkdir(mode=0o700, exist_ok=True)  # a file in the way raises FileExistsError
    os.chmod(path, 0o700)
    return path


def fsync_dir(directory: Path) -> None:
    """Make a new or renamed file's name durable too (best effort; not all systems can)."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
