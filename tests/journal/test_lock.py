"""The journal lock: one writer per session, released by the OS when the writer dies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coach.journal import lock
from coach.journal.header import new_header
from coach.journal.writer import JournalWriter


def _new_journal(tmp_path: Path) -> JournalWriter:
    header = new_header(lesson_id="tour", lesson_title="Tour", lesson_version="1")
    return JournalWriter.create(header, tmp_path)


def test_a_session_is_live_while_its_writer_is_open(tmp_path: Path) -> None:
    writer = _new_journal(tmp_path)
    assert lock.is_live(writer.path)
    writer.close()
    assert not lock.is_live(writer.path)


def test_a_second_writer_is_refused_with_a_message(tmp_path: Path) -> None:
    writer = _new_journal(tmp_path)
    with pytest.raises(lock.SessionLocked, match="another coach"):
        JournalWriter.reopen(writer.path)
    writer.close()
    resumed, _journal = JournalWriter.reopen(writer.path)
    resumed.close()


def test_the_lock_goes_with_a_killed_process(tmp_path: Path) -> None:
    script = (
        "import sys, os\n"
        "from pathlib import Path\n"
        "from coach.journal.header import new_header\n"
        "from coach.journal.writer import JournalWriter\n"
        "w = JournalWriter.create(new_header(lesson_id='tour', lesson_title='T', lesson_version='1'),"
        " Path(sys.argv[1]))\n"
        "print(w.path, flush=True)\n"
        "sys.stdin.read()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    path = Path(child.stdout.readline().strip())
    assert lock.is_live(path)
    child.kill()
    child.wait(timeout=10)
    assert not lock.is_live(path)


@pytest.mark.parametrize("name", ["missing.jsonl", "fifo"])
def test_what_is_not_a_journal_is_not_live(tmp_path: Path, name: str) -> None:
    import os

    path = tmp_path / name
    if name == "fifo":
        os.mkfifo(path)
    assert not lock.is_live(path)
