"""Exports are written only to a regular file or a new path, privately, and refused
with one line otherwise (issue 16)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from coach.report.files import ExportError, write_private


@pytest.mark.parametrize("target", ["", "/", ".", "/dev/null", "fifo", "dir"])
def test_anything_but_a_file_is_refused_with_one_line(tmp_path: Path, target: str) -> None:
    if target == "fifo":
        os.mkfifo(tmp_path / "fifo")
    if target in ("fifo", "dir"):
        if target == "dir":
            (tmp_path / "dir").mkdir()
        target = str(tmp_path / target)
    with pytest.raises(ExportError) as info:
        write_private(Path(target), "text")
    assert "\n" not in str(info.value)
    if target == "/dev/null":
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)  # the device is left alone


def test_a_new_or_existing_file_is_written_0600(tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    write_private(path, "one")
    write_private(path, "two")
    assert path.read_text() == "two" and stat.S_IMODE(path.stat().st_mode) == 0o600
