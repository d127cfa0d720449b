"""`read_journal` parses the lines between the header and the last one in one go;
whatever a file holds, it answers exactly as reading it line by line does.

The oracle is `store._by_line`, the plain loop (one `json.loads` per line) the
reader falls back to: for every file below both must give the same header,
events, warnings and `valid_size`, or the same `JournalError` message. The
shapes include what a crash leaves (torn tails), what a disk or a person can
do to a file (corrupt, blank, indented and doubled lines, brackets in notes),
and lines crafted so that, glued together, they would still parse as the
right number of objects.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coach.journal import store
from coach.journal.store import Journal, JournalError, new_header, read_journal

HEADER = json.dumps(
    new_header(lesson_id="tour", lesson_title="A short tour", lesson_version="1").to_dict()
).encode()


def _event(i: int, **extra: Any) -> bytes:
    data = {"type": "StepEntered", "t": float(i), "step_id": f"s{i}", "index": i, **extra}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _lines(n: int) -> list[bytes]:
    return [_event(i, wall="2026-11-25T14:23:01.250+01:00") for i in range(n)]


def _outcome(fn: Any, path: Path) -> tuple[str, Any]:
    try:
        journal: Journal = fn(path)
    except JournalError as exc:
        return "error", str(exc)
    return "journal", (journal.header, journal.events, journal.warnings, journal.valid_size)


def _by_line(path: Path) -> Journal:
    return store._by_line(path, path.read_bytes())


def _same(path: Path) -> tuple[str, Any]:
    fast, slow = _outcome(read_journal, path), _outcome(_by_line, path)
    assert fast == slow
    return fast


def _write(tmp_path: Path, lines: list[bytes], tail: bytes = b"\n") -> Path:
    path = tmp_path / "s.jsonl"
    path.write_bytes(b"\n".join(lines) + tail)
    return path


MIDDLES: dict[str, list[bytes]] = {
    "plain": [],
    "blank line": [b""],
    "spaces only": [b"   "],
    "indented": [b"  " + _event(90)],
    "trailing space": [_event(90) + b"  "],
    "two objects": [_event(90) + b"," + _event(91)],
    "array": [b"[1, 2]"],
    "array of an event": [b"[" + _event(90) + b"]"],
    "number": [b"3"],
    "no type": [b'{"t": 1.0}'],
    "type not a string": [b'{"type": 3, "t": 1.0}'],
    "not utf-8": [b'{"type": "X", "t": 1.0, "text": "\xff"}'],
    "bom": [b"\xef\xbb\xbf" + _event(90)],
    "nul bytes": [b"\x00" * 20],
    "cut short": [_event(90)[:15]],
    "bracket in a note": [_event(90, text="[x] done ]["), _event(91, text="[")],
    "nested values": [_event(90, extra={"a": [1, {"b": [2]}]})],
    "raw tab in a string": [b'{"type": "X", "t": 1.0, "text": "a\tb"}'],
    # Glued together with commas, these two lines are one object ...
    "string across lines": [b'{"type":"X","a":"x', b'{","b":1}'],
    "array across lines": [b'{"type":"X","a":[{"x":1}', b'{"y":2}]}'],
    # ... and with a line holding two objects, the count of objects still matches.
    "string across, two on a line": [
        b'{"type":"X","a":"x',
        b'{","b":1}',
        b'{"type":"Y"},{"type":"Z"}',
    ],
    "array across, two on a line": [
        b'{"type":"X","a":[{"x":1}',
        b'{"y":2}]}',
        b'{"type":"Y"},{"type":"Z"}',
    ],
}


@pytest.mark.parametrize("where", [0, 3, 9])
@pytest.mark.parametrize("name", sorted(MIDDLES))
def test_any_middle_reads_as_line_by_line(tmp_path: Path, name: str, where: int) -> None:
    events = _lines(10)
    events[where:where] = MIDDLES[name]
    _same(_write(tmp_path, [HEADER, *events]))


@pytest.mark.parametrize(
    "tail",
    [b"\n", b"", b'\n{"type":"StepEntered","t":50.0,"st', b"\n" + b"\x00" * 40 + b"\n", b"\n\n"],
    ids=["whole", "no newline", "torn", "nul block", "blank last"],
)
@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_torn_and_short_journals_read_as_line_by_line(tmp_path: Path, tail: bytes, n: int) -> None:
    _same(_write(tmp_path, [HEADER, *_lines(n)], tail))


def test_a_torn_tail_is_one_warning_and_appending_resumes_before_it(tmp_path: Path) -> None:
    path = _write(tmp_path, [HEADER, *_lines(50)], b'\n{"type":"StepEntered","t":50.0,"st')
    kind, (_, events, warnings, valid_size) = _same(path)
    assert kind == "journal" and len(events) == 50
    assert len(warnings) == 1 and f"{path}:52: the last line is incomplete" in warnings[0]
    assert valid_size == path.read_bytes().rindex(b"\n") + 1


def test_a_corrupt_middle_line_is_named_by_its_number(tmp_path: Path) -> None:
    events = _lines(50)
    events[20] = events[20][:12]
    kind, message = _same(_write(tmp_path, [HEADER, *events]))
    assert kind == "error"
    assert message.startswith(f"{tmp_path / 's.jsonl'}:22: corrupt journal line: invalid JSON")


@pytest.mark.parametrize("middle", [b"", b"[1]", _event(7)[:9]], ids=["blank", "array", "cut"])
def test_a_newer_schema_is_reported_after_the_lines_as_before(
    tmp_path: Path, middle: bytes
) -> None:
    header = json.dumps(json.loads(HEADER) | {"schema": store.SCHEMA + 1}).encode()
    path = _write(tmp_path, [header, *_lines(5)])
    assert "written by a newer coach" in _same(path)[1]
    # A corrupt line comes first, as it always did: the reader stops there.
    path = _write(tmp_path, [header, *_lines(3), middle, *_lines(3)])
    assert "corrupt journal line" in _same(path)[1]


def test_a_garbled_header_is_reported_as_before(tmp_path: Path) -> None:
    for header in (b"hello", b"[1]", HEADER[:20], b'{"type": "StepEntered"}'):
        for tail in (b"\n", b""):
            _same(_write(tmp_path, [header, *_lines(4)], tail))
            _same(_write(tmp_path, [header], tail))


def test_an_ordinary_journal_takes_the_one_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, [HEADER, *_lines(1000), _event(5, text="[brackets] in a note")])
    expected = _by_line(path)

    def refused(path: Path, data: bytes) -> Journal:
        raise AssertionError("read line by line")

    monkeypatch.setattr(store, "_by_line", refused)
    journal = read_journal(path)
    assert journal.events == expected.events and journal.valid_size == expected.valid_size
    assert journal.events[-1]["text"] == "[brackets] in a note"
