"""Lessons that loaded cleanly, kept ready to start (as Python keeps `.pyc` files).

Why this exists: `coach run` should show its first screen at once, and
reading a lesson from YAML means importing PyYAML and the validator and
checking every field: about 20 ms of a 230 ms start (`benchmarks/README.md`).
A lesson that loaded without a problem is stored in the cache folder with a
hash of the bytes of every file it was read from (the lesson and its
includes) and of the code that reads lessons. The next start uses it only
when every one of those hashes still matches; any doubt (an edited file or
include, another version of coach, an unreadable or foreign cache file) means
reading the YAML again. `coach validate` never uses the cache.

The cache is pickled, and unpickling runs code named in the file, so it lives
in a folder only its owner can write to (0700, files 0600, like the session
journals); a file there that is not one of ours is ignored and replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path

from coach import __version__, paths
from coach.lesson.model import Lesson

FORMAT = 1
# The code whose behaviour a cached lesson depends on: a change to any of it
# (an editable install, an upgrade) makes every cached lesson stale.
_CODE = ("model.py", "frozen.py", "fields.py", "validate.py", "loader.py", "yamltree.py")

_Digest = bytes


def load_lesson_cached(path: Path) -> Lesson:
    """`load_lesson(path)`, from the cache when nothing it was read from has changed."""
    real = os.path.realpath(path)
    entry = _entry_file(real)
    lesson = _read(entry)
    if lesson is not None:
        return lesson
    from coach.lesson.loader import Sources, load_lesson

    sources: Sources = []
    lesson = load_lesson(path, sources=sources)
    _write(entry, lesson, sources)
    return lesson


def _entry_file(real: str) -> Path:
    name = hashlib.blake2b(real.encode(), digest_size=16).hexdigest()
    return paths.cache_dir() / "lessons" / f"{name}.pickle"


def _digest(data: bytes) -> _Digest:
    return hashlib.blake2b(data, digest_size=16).digest()


def _hash(path: str) -> _Digest | None:
    try:
        with open(path, "rb") as file:
            return _digest(file.read())
    except OSError:
        return None


def _code_hash() -> _Digest:
    here = Path(__file__).parent
    digest = hashlib.blake2b(f"{FORMAT} {__version__}".encode(), digest_size=16)
    for name in _CODE:
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    return digest.digest()


def _read(entry: Path) -> Lesson | None:
    try:
        with open(entry, "rb") as file:
            stored = pickle.load(file)  # our own file, in an owner-only folder
    except Exception:  # missing, torn or foreign: read the YAML instead
        return None
    if not (isinstance(stored, tuple) and len(stored) == 3):
        return None
    code, sources, lesson = stored
    if code != _code_hash() or not isinstance(lesson, Lesson) or not sources:
        return None
    for source, digest in sources:
        if _hash(source) != digest:
            return None
    return lesson


def _write(entry: Path, lesson: Lesson, sources: list[tuple[str, bytes]]) -> None:
    """Store `lesson` with the hash of the bytes it was read from.

    A cache that cannot be written is simply not used.
    """
    hashed = list(dict.fromkeys((source, _digest(raw)) for source, raw in sources))
    data = pickle.dumps((_code_hash(), hashed, lesson), protocol=pickle.HIGHEST_PROTOCOL)
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
