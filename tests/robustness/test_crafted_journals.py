"""Crafted journals (issue 16): each generated family gives one clear line for that journal,
no traceback, bounded time and memory, and the other sessions still list."""

from __future__ import annotations

import json
import os
import random
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from coach.journal.header import JournalError
from coach.journal.reader import read_journal
from coach.journal.sessions import find_session, list_sessions

SEED = 16
HEADER = {
    "schema": 1,
    "session": "20261125-142301-ab12",
    "lesson_id": "tour",
    "lesson_version": "2",
    "lesson_title": "A short tour",
    "started_wall": "2026-11-25T14:23:01+01:00",
    "coach": "0.1.0",
    "mode": "run",
}
GOOD_EVENT = (
    '{"type":"SessionStarted","t":0.0,"lesson_id":"tour","lesson_version":"2","step_count":8}'
)


def _header(**changes: object) -> str:
    return json.dumps({**HEADER, **changes})


def deep(rng: random.Random) -> str:
    depth = rng.randint(1_000, 100_000)
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
    line = opener * depth + "1" + closer * depth
    return _header() + "\n" + GOOD_EVENT + "\n" + line + "\n" + GOOD_EVENT + "\n"


def huge_number(rng: random.Random) -> str:
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(4_400, 20_000)))
    where = rng.choice(["header", "t", "index"])
    if where == "header":
        return _header().replace('"schema": 1', '"schema": 1' + digits) + "\n"
    if where == "t":
        line = GOOD_EVENT.replace('"t":0.0', f'"t":{digits}')
    else:
        line = '{"type":"StepEntered","t":1.0,"step_id":"a","index":' + digits + "}"
    return _header() + "\n" + GOOD_EVENT + "\n" + line + "\n" + GOOD_EVENT + "\n"


def bad_names(rng: random.Random) -> str:
    name = rng.choice(
        ["../../../tmp/x", "/etc/passwd", "a/b", "..", "x\x1b]2;t\x07", "", "a" * 200]
    )
    field = rng.choice(["session", "lesson_id"])
    return _header(**{field: name + str(rng.randint(0, 9)) if name else name}) + "\n"


FAMILIES: dict[str, Callable[[random.Random], str]] = {
    "deep": deep,
    "huge-number": huge_number,
    "bad-name": bad_names,
}


def _bounded(run: Callable[[], object]) -> object:
    """`run()` in under 5 s, allocating under 300 MB at its peak (this call's own
    allocations: the test process's lifetime peak says nothing about one case)."""
    start = time.monotonic()
    tracemalloc.start()
    try:
        result = run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - start < 5.0
    assert peak < 300 * 1024 * 1024
    return result


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_each_crafted_journal_is_one_clear_line(family: str, tmp_path: Path) -> None:
    rng = random.Random(f"{SEED}-{family}")
    for variant in range(20):
        path = tmp_path / f"20261125-142301-{variant:04x}.jsonl"
        path.write_text(FAMILIES[family](rng), encoding="utf-8")
        with pytest.raises(JournalError) as info:
            _bounded(lambda p=path: read_journal(p))
        message = str(info.value)
        assert "\n" not in message and len(message) < 300 and str(path) in message
        path.unlink()


def _good_journal(directory: Path, name: str) -> None:
    header = _header(session=name)
    (directory / f"{name}.jsonl").write_text(header + "\n" + GOOD_EVENT + "\n", encoding="utf-8")


def test_special_files_and_links_are_listed_as_unreadable_and_the_rest_still_list(
    tmp_path: Path,
) -> None:
    rng = random.Random(SEED)
    _good_journal(tmp_path, "20261125-142301-0001")
    for n in range(20):
        target = tmp_path / f"20261125-142302-{n:04x}.jsonl"
        kind = rng.choice(["fifo", "zero", "dir", "dangling"])
        if kind == "fifo":
            os.mkfifo(target)
        elif kind == "zero":
            target.symlink_to("/dev/zero")
        elif kind == "dir":
            target.mkdir()
        else:
            target.symlink_to(tmp_path / "nowhere")
    listed = _bounded(lambda: list_sessions(tmp_path))
    assert isinstance(listed, list) and len(listed) == 21
    good = [s for s in listed if s.status != "unreadable"]
    assert [s.id for s in good] == ["20261125-142301-0001"]
    for summary in listed:
        assert "\n" not in summary.reason
    assert find_session("20261125-142301-0001", tmp_path).status == "interrupted"


def test_a_header_whose_session_is_not_its_file_name_is_unreadable(tmp_path: Path) -> None:
    _good_journal(tmp_path, "20261125-142301-0001")
    os.rename(tmp_path / "20261125-142301-0001.jsonl", tmp_path / "20261125-142301-0002.jsonl")
    (only,) = list_sessions(tmp_path)
    assert only.status == "unreadable" and "not the file's name" in only.reason
