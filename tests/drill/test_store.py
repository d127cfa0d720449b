"""The drill memory file: private, atomic, versioned, migrated, and forgiving of corruption."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach.drill.scheduler import review_card
from coach.drill.store import (
    CardKey,
    Memory,
    encode,
    load_memory,
    memory_path,
    parse_bytes,
    peek_memory,
    save_memory,
)

from .helpers import START

REPO = Path(__file__).resolve().parents[2]
KEY = CardKey("mini", "a", "do")


def _memory(reviews: int = 3) -> Memory:
    memory = Memory()
    for n in range(reviews):
        review_card(memory, CardKey("mini", f"s{n % 5}", "do"), 1 + n % 4, START)
    return memory


def test_round_trip_private_and_versioned(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    memory = _memory(7)
    assert save_memory(memory, folder) is None
    path = memory_path(folder)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert json.loads(path.read_text())["schema"] == 2
    loaded, notes = load_memory(folder)
    assert notes == []
    assert encode(loaded) == encode(memory)
    assert [p.name for p in folder.iterdir()] == ["drill.json"]  # no temporary left


def test_a_missing_file_is_an_empty_memory(tmp_path: Path) -> None:
    memory, notes = load_memory(tmp_path)
    assert memory.cards == {} and memory.reviews == [] and notes == []


GOOD = encode(_memory(2))
T = int(START.timestamp())


def _with(**changes: object) -> bytes:
    return json.dumps({**GOOD, **changes}).encode()


def _card(**changes: object) -> bytes:
    return _with(cards=[{**GOOD["cards"][0], **changes}])


CORRUPT = {
    "empty": b"",
    "not json": b"{not json",
    "truncated": json.dumps(GOOD).encode()[:-7],
    "a list": b"[]",
    "a string": b'"drill"',
    "null": b"null",
    "not utf-8": b"\xff\xfe{}",
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "deep object": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "huge integer": b'{"schema": ' + b"9" * 5000 + b"}",
    "huge float": _card(stability=1e300),
    "infinity": _card(stability=float("inf")).replace(b"Infinity", b"1e999"),
    "NaN": _card(difficulty=float("nan")),
    "newer schema": _with(schema=3),
    "no schema": json.dumps({"cards": [], "reviews": []}).encode(),
    "cards not a list": _with(cards={}),
    "reviews not a list": _with(reviews="many"),
    "card not an object": _with(cards=[1]),
    "state out of range": _card(state=9),
    "state is text": _card(state="review"),
    "state is true": _card(state=True),
    "bad due date": _card(due="tomorrow"),
    "naive due date": _card(due="2026-12-01T09:00:00"),
    "bad step id": _card(step="../../etc"),
    "bad ask": _card(ask="why"),
    "review too short": _with(reviews=[[T, "mini", "a", "do"]]),
    "rating 5": _with(reviews=[[T, "mini", "a", "do", 5]]),
    "rating huge": _with(reviews=[[T, "mini", "a", "do", 10**30]]),
    "rating true": _with(reviews=[[T, "mini", "a", "do", True]]),
    "review time is text": _with(reviews=[["2026-12-01T09:00:00+00:00", "mini", "a", "do", 3]]),
    "review time negative": _with(reviews=[[-5, "mini", "a", "do", 3]]),
    "review time year 30000": _with(reviews=[[10**12, "mini", "a", "do", 3]]),
    "review step id bad": _with(reviews=[[T, "mini", "A B", "do", 3]]),
}


@pytest.mark.parametrize("name", sorted(CORRUPT))
def test_a_corrupt_memory_is_set_aside_with_one_line(tmp_path: Path, name: str) -> None:
    path = memory_path(tmp_path)
    path.write_bytes(CORRUPT[name])
    began = time.monotonic()
    memory, notes = load_memory(tmp_path)
    assert time.monotonic() - began < 5
    assert memory.cards == {} and memory.reviews == []
    assert len(notes) == 1 and "\n" not in notes[0]
    assert "unreadable drill memory" in notes[0] and "set aside as drill.json.corrupt-" in notes[0]
    assert not path.exists()
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("drill.json.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == CORRUPT[name]  # nothing lost


def test_the_family_is_big_enough_and_every_variant_is_refused() -> None:
    assert len(CORRUPT) >= 20
    parse_bytes(json.dumps(GOOD).encode())  # the base itself is fine


def test_a_reader_reports_a_corrupt_memory_and_leaves_it(tmp_path: Path) -> None:
    path = memory_path(tmp_path)
    path.write_bytes(b"{oops")
    memory, notes = peek_memory(tmp_path)
    assert memory.cards == {} and len(notes) == 1 and path.exists()


def test_a_second_corrupt_file_gets_its_own_name(tmp_path: Path) -> None:
    for _ in range(2):
        memory_path(tmp_path).write_bytes(b"{")
        load_memory(tmp_path)
    assert len([p for p in tmp_path.iterdir() if ".corrupt-" in p.name]) == 2


def test_schema_1_memories_are_migrated(tmp_path: Path) -> None:
    old = tmp_path / "drills"
    old.mkdir()
    (old / "mini.json").write_text(
        json.dumps(
            {
                "schema": 1,
                "lesson_id": "mini",
                "steps": {
                    "a": {"last": "missed", "wall": "2026-11-30T20:00:00+00:00", "counts": {}},
                    "b": {"last": "knew", "wall": "2026-11-30T20:00:00+00:00"},
                },
            }
        )
    )
    (old / "broken.json").write_text("{")
    memory, notes = load_memory(tmp_path)
    assert set(memory.cards) == {KEY, CardKey("mini", "b", "do")}
    assert [r.rating for r in memory.reviews] == [1, 3]  # missed -> again, knew -> good
    assert len(notes) == 1 and "broken.json" in notes[0] and "not migrated" in notes[0]


def test_saving_into_an_unwritable_place_is_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    problem = save_memory(_memory(), blocker)
    assert problem is not None and "cannot save the drill memory" in problem


WRITER = """
import sys
from pathlib import Path
from datetime import datetime, timedelta, UTC
from coach.drill.scheduler import review_card
from coach.drill.store import CardKey, Memory, save_memory
folder = Path(sys.argv[1])
memories = []
for size in (50, 400):  # two versions that differ in size and content
    memory = Memory()
    for n in range(size):
        review_card(memory, CardKey("mini", f"s{n % 40}", "do"), 1 + n % 4,
                    datetime(2026, 12, 1, tzinfo=UTC) + timedelta(minutes=n))
    memories.append(memory)
n = 0
while True:
    assert save_memory(memories[n % 2], folder) is None
    n += 1
    print(n, flush=True)
"""


@pytest.mark.parametrize("kill_after", [1, 5, 17, 40])
def test_the_memory_survives_sigkill_mid_write(tmp_path: Path, kill_after: int) -> None:
    folder = tmp_path / "data"
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    seen: set[int] = set()
    try:
        assert child.stdout is not None
        for line in child.stdout:
            # read while the child writes: every read is a whole version
            seen.add(len(parse_bytes(memory_path(folder).read_bytes()).reviews))
            if int(line) >= kill_after:
                break
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
    final = parse_bytes(memory_path(folder).read_bytes())
    assert len(final.reviews) in (50, 400)
    assert seen <= {50, 400}
    memory, notes = load_memory(folder)  # a temporary left by the kill is ignored
    assert notes == [] and len(memory.reviews) in (50, 400)


def test_a_memory_over_the_size_limit_is_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coach.drill.store as store

    monkeypatch.setattr(store, "MAX_BYTES", 100)
    assert save_memory(_memory(20), tmp_path) is None
    memory, notes = load_memory(tmp_path)
    assert memory.reviews == [] and "larger than" in notes[0] and "set aside" in notes[0]


def test_an_unreadable_memory_is_set_aside_not_overwritten(tmp_path: Path) -> None:
    path = memory_path(tmp_path)
    path.mkdir()  # reading a folder fails with an OSError
    memory, notes = load_memory(tmp_path)
    assert memory.reviews == [] and len(notes) == 1 and "set aside" in notes[0]
    assert save_memory(_memory(), tmp_path) is None
    assert any(p.is_dir() and ".corrupt-" in p.name for p in tmp_path.iterdir())
