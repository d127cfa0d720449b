"""JournalTail: only complete lines, missing files are "nothing yet", cheap when idle."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coach.journal.header import JournalError, encode_line, new_header
from coach.journal.tail import JournalTail
from coach.journal.writer import JournalWriter

HEADER = new_header(lesson_id="tour", lesson_title="Tour").to_dict()


def line(data: dict) -> bytes:
    return encode_line(data)


def ev(i: int) -> dict:
    return {"type": "Paused" if i % 2 else "Resumed", "t": float(i), "wall": "x"}


def append(path: Path, data: bytes) -> None:
    with open(path, "ab") as handle:
        handle.write(data)


def test_missing_file_then_header_only_then_events(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    tail = JournalTail(path)
    assert tail.poll() == []
    assert not tail.exists
    append(path, line(HEADER))
    assert tail.poll() == []
    assert tail.header is not None and tail.header.lesson_id == "tour"
    append(path, line(ev(1)) + line(ev(2)))
    assert [e["t"] for e in tail.poll()] == [1.0, 2.0]
    assert tail.poll() == []


@pytest.mark.parametrize(
    "cuts",
    [
        [1],  # byte by byte
        [3, 7, 1, 50],
        [len(line(HEADER)) - 1, 1],  # the header's newline arrives alone
        [len(line(HEADER)) + 5],  # header and a fragment of event 1
        [10_000],  # everything at once
    ],
    ids=["bytewise", "ragged", "header-newline-late", "header-plus-fragment", "all"],
)
def test_partial_lines_are_buffered_until_their_newline(tmp_path: Path, cuts: list[int]) -> None:
    path = tmp_path / "s.jsonl"
    payload = line(HEADER) + b"".join(line(ev(i)) for i in range(1, 6))
    tail = JournalTail(path)
    got: list[dict] = []
    pos = 0
    k = 0
    while pos < len(payload):
        size = cuts[k % len(cuts)]
        k += 1
        append(path, payload[pos : pos + size])
        pos += size
        new = tail.poll()
        for item in new:
            # Every event handed out is a whole, decoded line.
            assert set(item) == {"type", "t", "wall"}
        got.extend(new)
        complete = payload[: min(pos, len(payload))].count(b"\n")
        assert len(got) == max(0, complete - 1)
    assert [e["t"] for e in got] == [float(i) for i in range(1, 6)]
    assert tail.offset == len(payload)


def test_unicode_split_inside_a_character(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    event = {"type": "NoteWritten", "t": 1.0, "step_id": "a", "text": "Atme aus — ✓ 🫁"}
    payload = line(HEADER) + line(event)
    tail = JournalTail(path)
    cut = payload.index("🫁".encode()) + 2
    append(path, payload[:cut])
    assert tail.poll() == []
    append(path, payload[cut:])
    assert tail.poll() == [event]


def test_reads_only_new_bytes(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    append(path, line(HEADER))
    tail = JournalTail(path)
    tail.poll()
    before = tail.bytes_read
    for _ in range(100):
        assert tail.poll() == []
    assert tail.bytes_read == before
    append(path, line(ev(1)))
    tail.poll()
    assert tail.bytes_read == before + len(line(ev(1)))


def test_torn_tail_cut_by_resume_is_reread(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    append(path, line(HEADER) + line(ev(1)) + b'{"type":"Pau')
    tail = JournalTail(path)
    assert [e["t"] for e in tail.poll()] == [1.0]
    # The resumed writer cuts the torn bytes and appends a whole line.
    size = len(line(HEADER) + line(ev(1)))
    os.truncate(path, size)
    assert tail.poll() == []
    append(path, line(ev(2)))
    assert [e["t"] for e in tail.poll()] == [2.0]
    assert tail.generation == 0


def test_replaced_file_starts_over(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    append(path, line(HEADER) + line(ev(1)))
    tail = JournalTail(path)
    assert len(tail.poll()) == 1
    other = tmp_path / "other"
    other.write_bytes(line(HEADER) + line(ev(7)) + line(ev(8)))
    os.replace(other, path)
    assert [e["t"] for e in tail.poll()] == [7.0, 8.0]
    assert tail.generation == 1


def test_garbled_header_raises_garbled_event_is_skipped(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"not json\n")
    with pytest.raises(JournalError):
        JournalTail(bad).poll()
    path = tmp_path / "s.jsonl"
    path.write_bytes(line(HEADER) + b"[1,2]\n" + line(ev(3)))
    tail = JournalTail(path)
    assert [e["t"] for e in tail.poll()] == [3.0]
    assert tail.warnings and ":2:" in tail.warnings[0]


WRITER = r"""
import os, sys, time
from coach.journal.writer import JournalWriter
from coach.journal.header import new_header
from pathlib import Path
directory = Path(sys.argv[1])
writer = JournalWriter.create(new_header(lesson_id="tour", lesson_title="Tour"), directory)
print(writer.path, flush=True)
sys.stdin.readline()
# Raw pieces through the writer's descriptor: half a line, a pause, the rest.
fd = writer._fd
for i in range(1, 21):
    data = ('{"type":"Paused","t":%d.0,"wall":"w"}\n' % i).encode()
    os.write(fd, data[:9])
    time.sleep(0.002)
    os.write(fd, data[9:])
writer.append({"type": "SessionEnded", "t": 21.0, "reason": "finished"})
writer.close()
print("done", flush=True)
"""


def test_writer_in_another_process(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    path = Path(proc.stdout.readline().strip())
    tail = JournalTail(path)
    got: list[dict] = []
    got.extend(tail.poll())
    proc.stdin.write("go\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 20
    while not (got and got[-1]["type"] == "SessionEnded"):
        assert time.monotonic() < deadline, got
        got.extend(tail.poll())
        time.sleep(0.001)
    assert proc.stdout.readline().strip() == "done"
    proc.wait(timeout=10)
    assert [e["t"] for e in got] == [float(i) for i in range(1, 22)]
    assert tail.warnings == []
    tail.close()


def test_journal_writer_output_tails_like_read_journal(tmp_path: Path) -> None:
    writer = JournalWriter.create(new_header(lesson_id="tour", lesson_title="Tour"), tmp_path)
    tail = JournalTail(writer.path)
    stored = [writer.append(ev(i), durable=False) for i in range(5)]
    writer.close()
    got = tail.poll()
    assert got == stored
    assert json.loads(writer.path.read_text().splitlines()[0])["session"] == tail.header.session


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_fifo_or_a_link_to_dev_zero_is_never_read(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.jsonl"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    with JournalTail(path) as tail:
        assert tail.poll() == [] and tail.bytes_read == 0
