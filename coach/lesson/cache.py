"""Lessons that loaded cleanly, kept ready to start (as Python keeps `.pyc` files).

Why this exists: `coach run` should show its first screen at once, and
reading a lesson from YAML means importing PyYAML and the validator and
checking every field: about 20 ms of a 230 ms start (`benchmarks/README.md`).
A lesson that loaded without a problem is stored in the cache folder with the
bytes of every file it was read from (the lesson and its includes: a few
kilobytes) and a checksum of the code that reads lessons. The next start uses
it only when every one of those files still holds exactly those bytes and the
code is the same; any doubt (an edited file or include, another version of
coach, an unreadable or foreign cache file) means reading the YAML again.
`coach validate` never uses the cache. (No cryptographic hash: loading
OpenSSL for one cost more than the whole comparison.)

The cache is pickled, and unpickling runs code named in the file, so it lives
in a folder only its owner can write to (0700, files 0600, like the session
journals); a file there that is not one of ours is ignored and replaced.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import zlib
from pathlib import Path

from coach import __version__, paths
from coach.lesson.model import Lesson

FORMAT = 1
# The code whose behaviour a cached lesson depends on: a change to any of it
# (an editable install, an upgrade) makes every cached lesson stale.
_CODE = ("model.py", "frozen.py", "fields.py", "validate.py", "loader.py", "yamltree.py")


def load_lesson_cached(path: Path) -> Lesson:
    """`load_lesson(path)`, from the cache when nothing it was read from has changed."""
    real = os.path.realpath(path)
    entry = _entry_file(real)
    lesson = _read(entry, real)
    if lesson is not None:
        return lesson
    from coach.lesson.loader import Sources, load_lesson

    sources: Sources = []
    lesson = load_lesson(path, sources=sources)
    _write(entry, real, lesson, sources)
    return lesson


def _entry_file(real: str) -> Path:
    # Two checksums make a clash unlikely; the entry names its lesson anyway.
    data = real.encode("utf-8", "surrogateescape")
    name = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"
    return paths.cache_dir() / "lessons" / f"{name}.pickle"


def _read_bytes(path: str) -> bytes | None:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None


def _code_version() -> tuple[object, ...]:
    here = Path(__file__).parent
    parts: list[object] = [FORMAT, __version__]
    for name in _CODE:
        code = _read_bytes(str(here / name)) or b""
        parts.append((name, len(code), zlib.crc32(code)))
    return tuple(parts)


def _read(entry: Path, real: str) -> Lesson | None:
    try:
        with open(entry, "rb") as file:
            stored = pickle.load(file)  # our own file, in an owner-only folder
    except Exception:  # missing, torn or foreign: read the YAML instead
        return None
    if not (isinstance(stored, tuple) and len(stored) == 4):
        return None
    code, lesson_path, sources, lesson = stored
    if lesson_path != real or code != _code_version() or not isinstance(lesson, Lesson):
        return None
    if not sources or any(_read_bytes(source) != raw for source, raw in sources):
        return None
    return lesson


def _write(entry: Path, real: str, lesson: Lesson, sources: list[tuple[str, bytes]]) -> None:
    """Store `lesson` with the bytes it was read from.

    A cache that cannot be written is simply not used.
    """
    kept = list(dict(sources).items())
    data = pickle.dumps((_code_version(), real, kept, lesson), protocol=pickle.HIGHEST_PROTOCOL)
    temporary = entry.with_name(f".{entry.name}.{os.getpid()}")
    try:
        paths.ensure_private_dir(entry.parent)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temporary, entry)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
