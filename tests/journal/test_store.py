"""The journal store: round trip, torn tails, corrupt lines, permissions, and
the not-saved fallback. Disk failures are simulated (we may run as root, where
chmod does not stop a write)."""

from __future__ import annotations

import errno
import json
import os
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from coach.journal import header as header_module
from coach.journal.header import SCHEMA, Header, JournalError, new_header
from coach.journal.reader import read_journal
from coach.journal.sessions import find_session, latest_interrupted, list_sessions
from coach.journal.writer import JournalWriter
from coach.paths import sessions_dir

TZ = timezone(timedelta(hours=1))
START = datetime(2026, 11, 25, 14, 23, 1, tzinfo=TZ)


class FakeWall:
    """A wall clock that moves only when told to."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def make_header(started: datetime = START, lesson_id: str = "tour") -> Header:
    return new_header(
        lesson_id=lesson_id, lesson_title="A short tour", lesson_version="1", started=started
    )


EVENTS: list[dict[str, Any]] = [
    {"type": "SessionStarted", "t": 0.0},
    {"type": "StepEntered", "t": 0.0, "step": "arrive.1"},
    {"type": "NoteAdded", "t": 3.5, "text": "multi\nline — ünïcode \u2028 sep 🙂"},
    {"type": "Paused", "t": 10.0},
    {"type": "Resumed", "t": 40.0},
    {"type": "StepEntered", "t": 41.0, "step": "ready"},
]


def write_session(
    directory: Path,
    events: list[dict[str, Any]],
    started: datetime = START,
    lesson_id: str = "tour",
) -> JournalWriter:
    wall = FakeWall(started)
    with JournalWriter.create(make_header(started, lesson_id), directory, wall=wall) as writer:
        for event in events:
            writer.append(event, durable=True)
            wall.advance(1)
    return writer


def test_round_trip(tmp_path: Path) -> None:
    writer = write_session(tmp_path, EVENTS)
    assert writer.saved and writer.problem is None
    journal = read_journal(writer.path)
    assert journal.warnings == []
    assert journal.header == writer.header
    assert journal.header.schema == SCHEMA
    assert [{k: v for k, v in e.items() if k != "wall"} for e in journal.events] == EVENTS
    assert journal.events[0]["wall"] == "2026-11-25T14:23:01.000+01:00"
    assert journal.events[1]["wall"] == "2026-11-25T14:23:02.000+01:00"
    assert journal.header.started_wall == "2026-11-25T14:23:01+01:00"
    # One event per physical line, even with newlines and U+2028 in the text.
    assert len(writer.path.read_bytes().split(b"\n")) == len(EVENTS) + 2


def test_header_fields(tmp_path: Path) -> None:
    lesson_file = tmp_path / "l.yaml"
    lesson_file.write_text("id: x\n")
    header = new_header(
        lesson_id="x", lesson_title="X", lesson_path=lesson_file, mode="rehearse", started=START
    )
    data = header.to_dict()
    assert set(data) == {
        "schema", "session", "lesson_id", "lesson_version", "lesson_title",
        "lesson_path", "lesson_sha256", "started_wall", "coach", "mode",
    }  # fmt: skip
    assert data["session"].startswith("20261125-142301-") and len(data["session"]) == 20
    assert data["lesson_sha256"] is not None and len(data["lesson_sha256"]) == 64
    assert data["mode"] == "rehearse"


def test_event_is_not_mutated_and_bad_data_raises_before_writing(tmp_path: Path) -> None:
    writer = JournalWriter.create(make_header(), tmp_path)
    event = {"type": "X", "t": 1.0}
    writer.append(event)
    assert "wall" not in event
    with pytest.raises(ValueError):
        writer.append({"type": "X", "t": float("nan")})
    with pytest.raises(TypeError):
        writer.append({"type": "X", "t": object()})
    writer.close()
    assert len(read_journal(writer.path).events) == 1


def test_permissions(tmp_path: Path) -> None:
    directory = tmp_path / "deep" / "sessions"
    writer = write_session(directory, EVENTS)
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert stat.S_IMODE(writer.path.stat().st_mode) == 0o600


def test_permissions_default_folder_and_loose_umask(coach_home: Path) -> None:
    old = os.umask(0)
    try:
        writer = JournalWriter.create(make_header())
        writer.close()
    finally:
        os.umask(old)
    assert writer.path.parent == sessions_dir()
    assert str(writer.path).startswith(str(coach_home))
    assert stat.S_IMODE(sessions_dir().stat().st_mode) == 0o700
    assert stat.S_IMODE(writer.path.stat().st_mode) == 0o600


# ------------------------------------------------------------------ torn / corrupt


def test_torn_last_line_is_a_single_warning(tmp_path: Path) -> None:
    writer = write_session(tmp_path, EVENTS)
    with open(writer.path, "ab") as f:
        f.write(b'{"type":"StepEntered","t":50.0,"st')
    journal = read_journal(writer.path)
    assert len(journal.events) == len(EVENTS)
    assert len(journal.warnings) == 1
    assert f"{writer.path}:{len(EVENTS) + 2}" in journal.warnings[0]
    assert "incomplete" in journal.warnings[0]


def test_garbage_last_line_with_newline_is_torn_too(tmp_path: Path) -> None:
    # Power loss can leave a block of NULs after the last good line.
    writer = write_session(tmp_path, EVENTS)
    with open(writer.path, "ab") as f:
        f.write(b"\x00" * 40 + b"\n")
    journal = read_journal(writer.path)
    assert len(journal.events) == len(EVENTS)
    assert len(journal.warnings) == 1


def test_corrupt_middle_line_names_file_and_line(tmp_path: Path) -> None:
    writer = write_session(tmp_path, EVENTS)
    lines = writer.path.read_bytes().split(b"\n")
    lines[3] = lines[3][:10]
    writer.path.write_bytes(b"\n".join(lines))
    with pytest.raises(JournalError) as info:
        read_journal(writer.path)
    assert f"{writer.path}:4:" in str(info.value)
    assert "corrupt" in str(info.value)


@pytest.mark.parametrize(
    "middle",
    [b"[1, 2]", b'{"no_type": 1}', b"\xff\xfe", b""],
    ids=["array", "no-type", "not-utf8", "blank"],
)
def test_other_corrupt_middle_lines(tmp_path: Path, middle: bytes) -> None:
    writer = write_session(tmp_path, EVENTS[:2])
    with open(writer.path, "ab") as f:
        f.write(middle + b"\n" + b'{"type":"X","t":1}\n')
    with pytest.raises(JournalError, match=f"{writer.path}:4:"):
        read_journal(writer.path)


def test_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    header = make_header().to_dict() | {"schema": 2}
    path.write_text(json.dumps(header) + "\n")
    with pytest.raises(JournalError) as info:
        read_journal(path)
    message = str(info.value)
    assert "written by a newer coach (schema 2); this coach reads schema 1 — upgrade coach" in (
        message
    )
    assert str(path) in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty journal"),
        (b"hello\n", "garbled journal header"),
        (b'{"schema": 1, "sess', "garbled journal header"),
        (b'{"type": "StepEntered", "t": 0}\n', "not a coach journal header"),
        (b'{"schema": "1"}\n', "not a coach journal header"),
        (b'{"schema": 1, "lesson_id": "x", "started_wall": "x"}\n', "`session` is missing"),
        (b"[1]\n", "garbled journal header"),
    ],
)
def test_garbled_header(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "s.jsonl"
    path.write_bytes(content)
    with pytest.raises(JournalError, match=expected):
        read_journal(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match=r"cannot read .*: no such file or folder"):
        read_journal(tmp_path / "nope.jsonl")


# ------------------------------------------------------------------ not saved


def test_enospc_on_write_stops_writing_and_hands_back_every_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = JournalWriter.create(make_header(), tmp_path)
    stored = [writer.append(EVENTS[0])]
    real_write = os.write

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    stored += [writer.append(event) for event in EVENTS[1:]]  # never raises
    monkeypatch.setattr(os, "write", real_write)
    stored.append(writer.append({"type": "After", "t": 99.0}))  # disk is back: not written
    writer.close()
    assert not writer.saved
    assert writer.problem == (
        f"cannot write {writer.path}: disk full — this session is not being saved; "
        "export it before quitting"
    )
    assert [e["type"] for e in stored] == [*(e["type"] for e in EVENTS), "After"]
    assert all("wall" in e for e in stored)
    # The file holds the header and the first event, and nothing after the failure.
    assert len(read_journal(writer.path).events) == 1


def test_short_write_stops_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writer = JournalWriter.create(make_header(), tmp_path)
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, data[:5]))
    writer.append(EVENTS[0])
    monkeypatch.setattr(os, "write", real_write)
    writer.append(EVENTS[1])
    writer.close()
    assert not writer.saved and "disk full" in (writer.problem or "")
    journal = read_journal(writer.path)
    assert journal.events == [] and len(journal.warnings) == 1


def test_fsync_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writer = JournalWriter.create(make_header(), tmp_path)

    def broken(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken)
    writer.append(EVENTS[0], durable=True)
    assert not writer.saved and "input/output error" in (writer.problem or "")
    writer.close()


def test_eacces_on_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "open", denied)
    writer = JournalWriter.create(make_header(), tmp_path)
    stored = [writer.append(event) for event in EVENTS]
    writer.close()
    assert not writer.saved
    assert "permission denied — this session is not being saved" in (writer.problem or "")
    assert str(writer.path) in (writer.problem or "")
    assert len(stored) == len(EVENTS)


def test_erofs_on_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def readonly(*args: object, **kwargs: object) -> int:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "open", readonly)
    writer = JournalWriter.create(make_header(), tmp_path)
    assert "read-only file system" in (writer.problem or "")


def test_folder_under_a_regular_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("I am a file")
    writer = JournalWriter.create(make_header(), blocker / "sessions")
    for event in EVENTS:
        writer.append(event, durable=True)  # never raises
    writer.close()
    assert not writer.saved
    assert writer.problem is not None and writer.problem.startswith(
        f"cannot write {blocker / 'sessions'}"
    )
    assert "a folder on the way is a file" in writer.problem


def test_folder_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "sessions"
    blocker.write_text("")
    writer = JournalWriter.create(make_header(), blocker)
    assert not writer.saved and "a file is in the way" in (writer.problem or "")


# ------------------------------------------------------------------ concurrency


def test_two_writers_same_second_same_random_never_share_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    digits = iter(["ab12", "ab12", "ab12", "cd34"])
    monkeypatch.setattr(header_module.secrets, "token_hex", lambda n: next(digits))
    a = JournalWriter.create(make_header(), tmp_path)
    b = JournalWriter.create(make_header(), tmp_path)
    assert a.header.session == "20261125-142301-ab12"
    assert b.header.session == "20261125-142301-cd34"
    assert a.path != b.path
    a.append({"type": "A", "t": 0.0})
    b.append({"type": "B", "t": 0.0})
    a.close()
    b.close()
    assert read_journal(a.path).events[0]["type"] == "A"
    assert read_journal(b.path).header.session == "20261125-142301-cd34"
    assert [e["type"] for e in read_journal(b.path).events] == ["B"]


def test_many_writers_interleaved(tmp_path: Path) -> None:
    writers = [JournalWriter.create(make_header(), tmp_path) for _ in range(30)]
    for round_ in range(5):
        for i, w in enumerate(writers):
            w.append({"type": "E", "t": float(round_), "who": i})
    for w in writers:
        w.close()
    assert len({w.path for w in writers}) == 30
    for i, w in enumerate(writers):
        assert [e["who"] for e in read_journal(w.path).events] == [i] * 5


# ------------------------------------------------------------------ resume


def test_reopen_appends_and_cuts_a_torn_tail(tmp_path: Path) -> None:
    writer = write_session(tmp_path, EVENTS[:3])
    before = writer.path.read_bytes()
    with open(writer.path, "ab") as f:
        f.write(b'{"type":"Torn","t":9')
    resumed, journal = JournalWriter.reopen(writer.path, wall=FakeWall(START + timedelta(hours=1)))
    assert resumed.saved
    assert len(resumed.warnings) == 1 and journal.warnings == resumed.warnings
    assert journal.events == read_journal(writer.path).events
    stored = resumed.append({"type": "SessionResumed", "t": 5.0})
    resumed.close()
    data = writer.path.read_bytes()
    assert data.startswith(before)  # nothing complete was rewritten
    journal = read_journal(writer.path)
    assert journal.warnings == []
    assert [e["type"] for e in journal.events] == [
        "SessionStarted", "StepEntered", "NoteAdded", "SessionResumed",
    ]  # fmt: skip
    assert journal.events[-1]["wall"] == "2026-11-25T15:23:01.000+01:00"
    assert journal.events[-1] == stored


def test_reopen_unwritable_keeps_old_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = write_session(tmp_path, EVENTS)
    real_open = os.open

    def deny_write(path: Any, flags: int, *args: Any) -> int:
        if flags & os.O_WRONLY:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", deny_write)
    resumed, journal = JournalWriter.reopen(writer.path)
    resumed.append({"type": "X", "t": 1.0})
    resumed.close()
    assert not resumed.saved and "permission denied" in (resumed.problem or "")
    assert journal.events == read_journal(writer.path).events  # the old events, to replay
    assert len(journal.events) == len(EVENTS)


def test_reopen_unreadable_raises(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text("nonsense\n")
    with pytest.raises(JournalError):
        JournalWriter.reopen(path)


# ------------------------------------------------------------------ sessions


def ended(reason: str, t: float = 300.0) -> dict[str, Any]:
    return {"type": "SessionEnded", "t": t, "reason": reason}


def test_list_sessions_statuses_newest_first(tmp_path: Path) -> None:
    base = [{"type": "SessionStarted", "t": 0.0}]
    finished = write_session(tmp_path, [*base, ended("finished")], START)
    stopped = write_session(tmp_path, [*base, ended("stopped")], START + timedelta(minutes=1))
    checkin = write_session(tmp_path, [*base, ended("checkin")], START + timedelta(minutes=2))
    interrupted = write_session(
        tmp_path, [*base, {"type": "StepEntered", "t": 90.0}], START + timedelta(minutes=3)
    )
    broken = tmp_path / "20261125-150000-dead.jsonl"
    broken.write_text("not json\n")
    (tmp_path / "notes.txt").write_text("ignored")

    sessions = list_sessions(tmp_path)
    assert [s.status for s in sessions] == [
        "unreadable", "interrupted", "stopped", "stopped", "finished",
    ]  # fmt: skip
    assert [s.path for s in sessions[1:]] == [
        interrupted.path, checkin.path, stopped.path, finished.path,
    ]  # fmt: skip
    assert "garbled journal header" in sessions[0].reason
    assert sessions[0].id == "20261125-150000-dead"
    assert sessions[-1].active_seconds == 300.0
    assert sessions[-1].active_minutes == 5.0
    assert sessions[1].lesson_id == "tour" and sessions[1].lesson_title == "A short tour"
    assert sessions[1].started_wall == "2026-11-25T14:26:01+01:00"

    latest = latest_interrupted(tmp_path)
    assert latest is not None and latest.path == interrupted.path


def test_list_sessions_empty_or_missing(tmp_path: Path) -> None:
    assert list_sessions(tmp_path / "none") == []
    assert latest_interrupted(tmp_path / "none") is None
    assert list_sessions() == []  # default folder under COACH_HOME, not created yet


def test_find_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    digits = iter(["ab12", "ab34", "cd56"])
    monkeypatch.setattr(header_module.secrets, "token_hex", lambda n: next(digits))
    a = write_session(tmp_path, [])
    b = write_session(tmp_path, [])
    c = write_session(tmp_path, [], START + timedelta(days=1))
    assert find_session("20261125-142301-ab1", tmp_path).path == a.path
    assert find_session(b.header.session, tmp_path).path == b.path
    assert find_session("20261126", tmp_path).path == c.path
    with pytest.raises(JournalError, match=r"matches 2 sessions .*type more of the id"):
        find_session("20261125", tmp_path)
    with pytest.raises(JournalError, match="no session id starts with '1999'"):
        find_session("1999", tmp_path)
    with pytest.raises(JournalError, match="give a session id"):
        find_session("  ", tmp_path)


@pytest.mark.parametrize("kind", ["fifo", "folder", "missing", "nul"])
def test_the_lesson_hash_reads_only_a_regular_file(tmp_path: Path, kind: str) -> None:
    target: str | Path = tmp_path / "lesson.yaml"
    if kind == "fifo":
        os.mkfifo(target)  # opened to read, a FIFO with no writer would block for ever
    elif kind == "folder":
        Path(target).mkdir()
    elif kind == "nul":
        target = f"{target}\0x"
    assert header_module.lesson_sha256(target) is None


def test_the_lesson_hash_of_a_file_is_its_sha256(tmp_path: Path) -> None:
    import hashlib

    target = tmp_path / "lesson.yaml"
    target.write_bytes(b"id: x\n" * 1000)
    assert header_module.lesson_sha256(target) == hashlib.sha256(target.read_bytes()).hexdigest()
