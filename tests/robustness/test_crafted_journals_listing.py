"""`coach sessions` with huge journals (issue 16): each file costs a bounded read.

A journal past `LIST_FOLD_BYTES` is listed from its header and its last lines;
the status read that way is the one the whole fold gives, a garbled line near
the end makes that file unreadable in one line, and the other sessions still list.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from coach.journal import sessions
from coach.journal.reader import MAX_JOURNAL_BYTES, TAIL_BYTES, read_edges
from coach.journal.sessions import list_sessions, summarize

SEED = 16
SMALL_LIMIT = 16 * 1024  # so that the family's files are "huge" without writing megabytes


def _header(session: str) -> str:
    return json.dumps(
        {
            "schema": 1,
            "session": session,
            "lesson_id": "tour",
            "lesson_version": "2",
            "lesson_title": "A short tour",
            "started_wall": "2026-11-25T14:23:01+01:00",
            "coach": "0.1.0",
            "mode": "run",
        }
    )


def _event(**fields: object) -> str:
    return json.dumps(fields, separators=(",", ":"))


def _journal(rng: random.Random, session: str, kind: str) -> str:
    lines = [
        _header(session),
        _event(type="SessionStarted", t=0.0, lesson_id="tour", lesson_version="2", step_count=8),
    ]
    t = 0.0
    pad = rng.randint(SMALL_LIMIT // 40, SMALL_LIMIT // 10) + (
        TAIL_BYTES // 50 if rng.random() < 0.3 else 0
    )
    for i in range(pad):
        t += rng.random()
        if i % 50 == 10:
            lines.append(_event(type="Paused", t=t))
            t += 3.0
            lines.append(_event(type="Resumed", t=t, paused_seconds=3.0))
        else:
            lines.append(
                _event(type="ChecklistToggled", t=t, step_id="a", item=i % 3, checked=True)
            )
    if kind == "finished":
        lines.append(_event(type="SessionEnded", t=t + 1, reason="finished", message=None))
        lines.append(_event(type="ReviewSaved", t=t + 2, text="good"))
    elif kind == "stopped":
        lines.append(
            _event(type="SessionEnded", t=t + 1, reason="stopped", message="sore; we stopped")
        )
    elif kind == "garbled":
        lines.insert(len(lines) - rng.randint(2, 20), "{not json")
    text = "\n".join(lines) + "\n"
    if kind == "torn":
        text += '{"type":"Paused","t":'
    return text


KINDS = ["finished", "stopped", "interrupted", "garbled", "torn"]


def test_a_huge_journal_lists_from_its_edges_with_the_status_the_whole_fold_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(SEED)
    cases = []
    for n in range(25):
        kind = KINDS[n % len(KINDS)]
        session = f"20261125-1423{n:02d}-ab12"
        path = tmp_path / f"{session}.jsonl"
        path.write_text(_journal(rng, session, kind), encoding="utf-8")
        assert path.stat().st_size > SMALL_LIMIT
        cases.append((path, kind))
    whole = {path: summarize(path) for path, _ in cases}  # below the real limit: folded whole
    monkeypatch.setattr(sessions, "LIST_FOLD_BYTES", SMALL_LIMIT)
    for path, kind in cases:
        listed = summarize(path)
        assert "\n" not in listed.reason and len(listed.reason) <= 300
        if kind == "garbled":
            assert listed.status == whole[path].status == "unreadable"
            assert "corrupt journal line near the end" in listed.reason
            continue
        assert listed.status == whole[path].status, (kind, listed.reason)
        assert (listed.lesson_id, listed.started_wall) == ("tour", "2026-11-25T14:23:01+01:00")
        assert "active time" in listed.reason and f"coach export {listed.id}" in listed.reason
        if kind == "stopped":
            assert listed.reason.startswith("sore; we stopped")


def test_the_edges_read_is_bounded_whatever_the_size(tmp_path: Path) -> None:
    path = tmp_path / "20261125-142301-ab12.jsonl"
    with path.open("wb") as f:
        f.write(_header("20261125-142301-ab12").encode() + b"\n")
        f.write(b'{"type":"Paused","t":1.0}\n' * 3)
        f.seek(40 * 1024 * 1024)  # sparse: 40 MB of NUL bytes without a line end
        f.write(b"\n" + _event(type="SessionEnded", t=9.0, reason="finished").encode() + b"\n")
    edges = read_edges(path)
    assert [e["type"] for e in edges.tail] == ["SessionEnded"] and edges.problem is None
    assert edges.size > 40 * 1024 * 1024


@pytest.mark.parametrize("tail", [b"", b"x" * 100, b"\n" + b"\x00" * 5000])
def test_a_header_alone_or_one_long_line_has_an_empty_tail(tmp_path: Path, tail: bytes) -> None:
    path = tmp_path / "20261125-142301-ab12.jsonl"
    path.write_bytes(_header("20261125-142301-ab12").encode() + b"\n" + tail)
    edges = read_edges(path, tail_bytes=64)
    assert edges.tail == [] and edges.header.session == "20261125-142301-ab12"


def test_huge_and_hostile_journals_beside_a_good_one_list_quickly(tmp_path: Path) -> None:
    good = "20261125-142301-0001"
    (tmp_path / f"{good}.jsonl").write_text(
        _header(good)
        + "\n"
        + _event(type="SessionStarted", t=0.0, lesson_id="tour", lesson_version="2", step_count=8)
        + "\n",
        encoding="utf-8",
    )
    sizes = {"0002": MAX_JOURNAL_BYTES + 1, "0003": 100 * 1024 * 1024, "0004": 60 * 1024 * 1024}
    for suffix, size in sizes.items():
        name = f"20261125-142302-{suffix}"
        with (tmp_path / f"{name}.jsonl").open("wb") as f:
            f.write(_header(name).encode() + b"\n")
            f.truncate(size)  # sparse junk: NUL bytes
    junk = tmp_path / "20261125-142302-0005.jsonl"
    junk.write_bytes(random.Random(SEED).randbytes(10 * 1024 * 1024))
    start = time.perf_counter()
    listed = {s.id: s for s in list_sessions(tmp_path)}
    assert time.perf_counter() - start < 3.0
    assert listed[good].status == "interrupted" and listed[good].reason == ""
    assert listed["20261125-142302-0002"].status == "unreadable"
    assert "too large for a journal" in listed["20261125-142302-0003"].reason
    assert listed["20261125-142302-0004"].status == "interrupted"
    assert "60 MB journal" in listed["20261125-142302-0004"].reason
    assert listed["20261125-142302-0005"].status == "unreadable"
    for summary in listed.values():
        assert "\n" not in summary.reason and len(summary.reason) < 400
