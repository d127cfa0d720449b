"""A person's drill memory: every card's schedule and every review, in one file.

``data_dir()/drill.json`` holds what the scheduler needs to say what is due
(one FSRS card per lesson, step and question) and the review log that
`coach stats` charts. It is the only copy of a learner's schedule, so:

- **Private.** 0600 in a 0700 folder, like the journals.
- **Atomic.** Written to a temporary file in the same folder, fsync'ed, then
  renamed over the old one (and the folder fsync'ed): a kill -9 at any moment
  leaves the old memory or the new one, never half of one.
- **Versioned.** ``"schema": 2``; the per-lesson files of schema 1
  (``drills/<lesson>.json``, the last grade of each step) are migrated once.
- **Forgiving.** A missing file is an empty memory. A corrupt one (bad JSON,
  nesting too deep, numbers too big, wrong types, a newer schema) is set aside
  under a new name with one line saying so, and the drill starts fresh; the
  file is never overwritten in place, so nothing the person did is lost.
- **Bounded.** A file over `MAX_BYTES` is not parsed at all.

Cards are keyed by lesson id, step id and question (`CardKey`), never by a
step's position: a lesson edited after a step was learned keeps that step's
history as long as the step keeps its id.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from coach import paths
from coach.drill.records import ASKS, RATINGS, Ask, CardKey, CardState, Memory, Review
from coach.drill.scheduler import review_card
from coach.lesson.model import is_valid_id

SCHEMA = 2
MAX_BYTES = 64 * 1024 * 1024
FILE_NAME = "drill.json"
OLD_FOLDER = "drills"  # schema 1: one file per lesson
EVERY_LESSON_ID = "due"  # the journal lesson id of a drill of what is due in every lesson


__all__ = ["ASKS", "RATINGS", "Ask", "CardKey", "CardState", "Memory", "Review"]


class MemoryCorrupt(ValueError):
    """The drill file's content cannot be read as a drill memory (the reason)."""


def memory_path(directory: Path | None = None) -> Path:
    return (directory if directory is not None else paths.data_dir()) / FILE_NAME


# --------------------------------------------------------------------------- decoding


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _when(value: Any, where: str) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise MemoryCorrupt(f"{where} is not a date")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise MemoryCorrupt(f"{where} is not a date") from None
    if moment.tzinfo is None:
        raise MemoryCorrupt(f"{where} has no time zone")
    return moment.astimezone(UTC)


def _number(value: Any, where: str, *, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MemoryCorrupt(f"{where} is not a number")
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise MemoryCorrupt(f"{where} is out of range")
    return number


def _key(lesson: Any, step: Any, ask: Any, where: str) -> CardKey:
    if not isinstance(lesson, str) or not is_valid_id(lesson) or len(lesson) > 80:
        raise MemoryCorrupt(f"{where} has no valid lesson id")
    if not isinstance(step, str) or not is_valid_id(step) or len(step) > 80:
        raise MemoryCorrupt(f"{where} has no valid step id")
    if ask not in ASKS:
        raise MemoryCorrupt(f"{where} asks neither `do` nor `next`")
    return CardKey(lesson, step, ask)


def _card(item: Any, where: str) -> tuple[CardKey, CardState]:
    if not isinstance(item, dict):
        raise MemoryCorrupt(f"{where} is not an object")
    key = _key(item.get("lesson"), item.get("step"), item.get("ask"), where)
    state = _number(item.get("state"), f"{where} state", low=1, high=3)
    step = item.get("learning_step")
    stability = item.get("stability")
    difficulty = item.get("difficulty")
    last = item.get("last_review")
    return key, CardState(
        state=int(state),
        step=None if step is None else int(_number(step, f"{where} step", low=0, high=100)),
        stability=None
        if stability is None
        else _number(stability, f"{where} stability", low=0, high=1e6),
        difficulty=None
        if difficulty is None
        else _number(difficulty, f"{where} difficulty", low=0, high=11),
        due=_when(item.get("due"), f"{where} due"),
        last_review=None if last is None else _when(last, f"{where} last_review"),
    )


# Reviews are many (a year of daily drills is ~10,000): their time is whole UTC
# seconds since the epoch, and each distinct card key is validated once.
_LATEST = datetime(9999, 1, 1, tzinfo=UTC).timestamp()


def _review(item: Any, where: str, keys: dict[tuple[Any, ...], CardKey]) -> Review:
    if not isinstance(item, list) or len(item) != 5:
        raise MemoryCorrupt(f"{where} is not [when, lesson, step, ask, rating]")
    when, lesson, step, ask, rating = item
    if rating not in (1, 2, 3, 4) or isinstance(rating, bool):
        raise MemoryCorrupt(f"{where} rating is not 1 to 4")
    seconds = _number(when, f"{where} time", low=0, high=_LATEST)
    raw = (lesson, step, ask)
    key = keys.get(raw) if all(isinstance(part, str) for part in raw) else None
    if key is None:
        key = keys[raw] = _key(lesson, step, ask, where)
    return Review(datetime.fromtimestamp(int(seconds), UTC), key, int(rating))


def decode(data: Any) -> Memory:
    """A decoded ``drill.json`` as a `Memory`; `MemoryCorrupt` names what is wrong."""
    if not isinstance(data, dict):
        raise MemoryCorrupt("not a JSON object")
    schema = data.get("schema")
    if schema != SCHEMA:
        raise MemoryCorrupt(f"unknown schema {str(schema)[:20]!r} (this coach reads {SCHEMA})")
    raw_cards = data.get("cards")
    raw_reviews = data.get("reviews")
    if not isinstance(raw_cards, list) or not isinstance(raw_reviews, list):
        raise MemoryCorrupt("`cards` and `reviews` must be lists")
    cards = dict(_card(item, f"card {n + 1}") for n, item in enumerate(raw_cards))
    keys: dict[tuple[Any, ...], CardKey] = {}
    reviews = [_review(item, f"review {n + 1}", keys) for n, item in enumerate(raw_reviews)]
    return Memory(cards, reviews)


def encode(memory: Memory) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "cards": [
            {
                "lesson": key.lesson_id,
                "step": key.step_id,
                "ask": key.ask,
                "state": card.state,
                "learning_step": card.step,
                "stability": card.stability,
                "difficulty": card.difficulty,
                "due": _iso(card.due),
                "last_review": _iso(card.last_review) if card.last_review else None,
            }
            for key, card in sorted(memory.cards.items())
        ],
        "reviews": [
            [int(r.when.timestamp()), r.key.lesson_id, r.key.step_id, r.key.ask, r.rating]
            for r in memory.reviews
        ],
    }


def parse_bytes(raw: bytes) -> Memory:
    """`decode` of a file's bytes; every way it can be malformed is a `MemoryCorrupt`."""
    if len(raw) > MAX_BYTES:
        raise MemoryCorrupt(f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except RecursionError:
        raise MemoryCorrupt("nested too deeply") from None
    except UnicodeDecodeError:
        raise MemoryCorrupt("not UTF-8 text") from None
    except ValueError as exc:  # bad JSON, and integers longer than Python converts
        raise MemoryCorrupt(f"not JSON ({str(exc).splitlines()[0][:80]})") from None
    return decode(data)


def _no_constant(name: str) -> Any:
    raise MemoryCorrupt(f"`{name}` is not a number JSON allows")


# --------------------------------------------------------------------------- loading


def _set_aside(path: Path) -> Path | None:
    """Rename a corrupt memory out of the way (never overwrite it); its new path."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    for n in range(100):
        target = path.with_name(f"{path.name}.corrupt-{stamp}" + (f"-{n}" if n else ""))
        if target.exists():
            continue
        try:
            os.replace(path, target)
        except OSError:
            return None
        return target
    return None


def load_memory(directory: Path | None = None) -> tuple[Memory, list[str]]:
    """The person's drill memory, and one-line messages (a corrupt file was set aside).

    When there is no ``drill.json`` yet, the schema 1 files of earlier coaches
    are migrated (see `migrate_old`).
    """
    path = memory_path(directory)
    try:
        memory, notes = _read(path), []
    except FileNotFoundError:
        return migrate_old(directory)
    except (OSError, MemoryCorrupt) as exc:
        # Set aside either way: the next save must not replace what could not be read.
        reason = exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)
        aside = _set_aside(path)
        where = f"set aside as {aside.name}" if aside else "left where it is"
        return Memory(), [f"{path}: unreadable drill memory ({reason}); {where}, starting fresh"]
    return memory, notes


def _read(path: Path) -> Memory:
    """The memory in `path`; `MemoryCorrupt`, or `OSError` if it cannot be read."""
    if path.stat().st_size > MAX_BYTES:
        raise MemoryCorrupt(f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    return parse_bytes(path.read_bytes())


def peek_memory(directory: Path | None = None) -> tuple[Memory, list[str]]:
    """`load_memory` for readers (`coach stats`): a corrupt file is reported, left alone."""
    path = memory_path(directory)
    try:
        return _read(path), []
    except FileNotFoundError:
        return migrate_old(directory)
    except OSError as exc:
        return Memory(), [f"cannot read {path}: {exc.strerror or exc}"]
    except MemoryCorrupt as exc:
        message = f"{path}: unreadable drill memory ({exc}); `coach rehearse` sets it aside"
        return Memory(), [message]


_OLD_RATING = {"knew": 3, "partly": 2, "missed": 1}


def _old_files(directory: Path | None) -> Iterator[Path]:
    folder = (directory if directory is not None else paths.data_dir()) / OLD_FOLDER
    with contextlib.suppress(OSError):
        yield from sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))


def migrate_old(directory: Path | None = None) -> tuple[Memory, list[str]]:
    """Schema 1 memories (``drills/<lesson>.json``: each step's last grade) as reviews.

    Each step becomes one review at the time it was last graded (knew -> good,
    partly -> hard, missed -> again) replayed through the scheduler, so what
    was weak is due at once. The old files are left in place; the new file is
    written at the end of the next drill, after which they are not read again.
    """
    memory = Memory()
    notes: list[str] = []
    for old in _old_files(directory):
        try:
            data = json.loads(old.read_bytes()[:MAX_BYTES].decode("utf-8"))
            lesson = data["lesson_id"]
            steps = data["steps"]
            if not isinstance(steps, dict) or data["schema"] != 1:
                raise TypeError("not schema 1")
            for step_id, item in steps.items():
                wall = item.get("wall", "")
                when = _when(wall, "wall") if wall else datetime.now(UTC)
                key = _key(lesson, step_id, "do", "step")
                review_card(memory, key, _OLD_RATING[item["last"]], when)
        except (RecursionError, ValueError, KeyError, TypeError, AttributeError):
            notes.append(f"{old}: not an earlier drill memory; not migrated")
        except OSError as exc:
            notes.append(f"cannot read {old}: {exc.strerror or exc}; not migrated")
    memory.reviews.sort(key=lambda r: r.when)
    return memory, notes


# --------------------------------------------------------------------------- saving


def save_reviews(
    memory: Memory, mine: list[Review], directory: Path | None = None
) -> tuple[Memory, str | None]:
    """Save the reviews `mine` (made in `memory`) without losing another drill's.

    Two drills may run at once (two terminals). So the file is read again, the
    reviews in `mine` that it lacks are added with their cards' new schedules,
    and that is written: each drill adds its own grades to what is there. The
    merged memory is returned with a message if saving failed.
    """
    disk, _notes = load_memory(directory)  # a corrupt file is set aside, as at the start
    known = set(disk.reviews)
    for review in mine:
        if review not in known:
            disk.reviews.append(review)
            disk.cards[review.key] = memory.cards[review.key]
    return disk, save_memory(disk, directory)


def save_memory(memory: Memory, directory: Path | None = None) -> str | None:
    """Write `memory` atomically (0600 in a 0700 folder); a message if it failed, else None."""
    path = memory_path(directory)
    data = json.dumps(encode(memory), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    tmp: str | None = None
    try:
        paths.ensure_private_dir(path.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:  # mkstemp creates it 0600
            handle.write(data + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        tmp = None
        paths.fsync_dir(path.parent)
    except OSError as exc:
        return f"cannot save the drill memory {path}: {exc.strerror or exc}"
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return None
