"""Writing a file the person named, privately and all at once.

Why this exists: `coach export -o PATH`, `preview -o` and `schema -o` write where
the person says, and a person can say anything: an empty name, `/`, a folder, a
device such as `/dev/full` (as root, replacing it with a regular file would break
the system), a symbolic link, or a name with a NUL byte. Only two things are ever
written: a new file, or an existing regular file that is replaced. Anything else
is refused with one line before a byte is written.

The text goes to a private temporary file (0600) in the same folder first, is
flushed to disk, and then takes the final name with `os.replace`, so a full disk or
a crash never leaves half a file where a whole one was, and a reader never sees
one being written.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from coach.errors import CoachError
from coach.paths import fsync_dir
from coach.text import one_line


class OutputError(CoachError):
    """The output path cannot be written (refused, or the system said no)."""


def _shown(path: str | os.PathLike[str]) -> str:
    return one_line(os.fspath(path)) or "''"


def output_path(name: str | os.PathLike[str]) -> Path:
    """`name` as a path that may be written, or `OutputError` saying why not."""
    text = os.fspath(name)
    if not text.strip():
        raise OutputError("give a file name to write to (the name is empty)")
    if "\x00" in text:
        raise OutputError(f"cannot write {_shown(text)}: the name contains a NUL byte")
    path = Path(text).expanduser()
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OutputError(f"cannot write {_shown(path)}: {_cause(exc)}") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"cannot write {_shown(path)}: it is a folder; give a file name")
        if stat.S_ISLNK(info.st_mode):
            raise OutputError(
                f"cannot write {_shown(path)}: it is a symbolic link; give the file's own path"
            )
        if not stat.S_ISREG(info.st_mode):
            raise OutputError(
                f"cannot write {_shown(path)}: it is not a regular file (a device, pipe or socket)"
            )
    if path.name in ("", ".", ".."):
        raise OutputError(f"cannot write {_shown(path)}: give a file name")
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(
            f"cannot write {_shown(path)}: the folder {_shown(folder)} does not exist"
        )
    return path


def write_private_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write `text` (UTF-8) to `path`, owner-only (0600), replacing it atomically.

    Refuses (`OutputError`, nothing written) anything but a new name or a regular
    file; on a failed write the temporary file is removed and the old file, if any,
    is left as it was. Returns the path written.
    """
    target = output_path(path)
    data = text.encode("utf-8")
    try:
        fd, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name[:100]}.", suffix=".tmp"
        )
    except OSError as exc:
        raise OutputError(f"cannot write {_shown(target)}: {_cause(exc)}") from None
    try:
        try:
            os.fchmod(fd, 0o600)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(f"cannot write {_shown(target)}: {_cause(exc)}") from None
    fsync_dir(target.parent)
    return target


def _cause(exc: OSError) -> str:
    """A short cause for a person: "no space left on device", not ``[Errno 28]``."""
    return (exc.strerror or type(exc).__name__).lower()
