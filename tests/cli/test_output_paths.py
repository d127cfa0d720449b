"""`-o PATH` writes a new file or replaces a regular one, whole and private; anything else is one line.

A generated family (seeded): every kind of path that is not a file name, crossed
with every command that takes `-o`, plus random names in the same places.
"""

from __future__ import annotations

import os
import random
import socket
import stat
from pathlib import Path

import pytest

from coach.files import OutputError, output_path, write_private_atomic

from .helpers import coach, record_session

COMMANDS = {
    "export": lambda session: ["export", session],
    "preview": lambda session: ["preview", "tour"],
    "schema": lambda session: ["schema"],
}


def _refused_paths(tmp_path: Path) -> dict[str, str]:
    """Every kind of output path that must be refused, made for real under `tmp_path`."""
    folder = tmp_path / "folder"
    folder.mkdir()
    target = tmp_path / "target.md"
    target.write_text("keep me")
    (tmp_path / "link").symlink_to(target)
    (tmp_path / "dirlink").symlink_to(folder)
    os.mkfifo(tmp_path / "fifo")
    sock = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock))
    server.close()
    return {
        "empty": "",
        "blank": "   ",
        "root": "/",
        "dot": ".",
        "dotdot": "..",
        "folder": str(folder),
        "folder-slash": f"{folder}/",
        "dev-null": "/dev/null",
        "dev-full": "/dev/full",
        "fifo": str(tmp_path / "fifo"),
        "socket": str(sock),
        "symlink": str(tmp_path / "link"),
        "dir-symlink": str(tmp_path / "dirlink"),
        "no-folder": str(tmp_path / "missing" / "out.md"),
        "nul": f"{tmp_path}/a\x00b.md",
    }


def _tree(folder: Path) -> dict[Path, tuple[int, int, int, int]]:
    """What is in `folder`: each entry's inode, mode, size and change time (not access time)."""
    return {
        p: (info.st_ino, info.st_mode, info.st_size, info.st_mtime_ns)
        for p in folder.rglob("*")
        for info in [p.lstat()]
    }


KINDS = [
    "empty",
    "blank",
    "root",
    "dot",
    "dotdot",
    "folder",
    "folder-slash",
    "dev-null",
    "dev-full",
    "fifo",
    "socket",
    "symlink",
    "dir-symlink",
    "no-folder",
    "nul",
]


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("kind", KINDS)
def test_a_path_that_is_not_a_file_name_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, kind: str
) -> None:
    session, _journal = record_session() if command == "export" else ("", None)
    target = _refused_paths(tmp_path)[kind]
    before = _tree(tmp_path)
    dev_full = os.lstat("/dev/full")
    status, out, err = coach(capsys, *COMMANDS[command](session), "-o", target)
    assert status == 1, (out, err)
    assert err.startswith("coach: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and out == ""
    assert _tree(tmp_path) == before  # nothing written, nothing left
    assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)
    assert os.lstat("/dev/full").st_ino == dev_full.st_ino
    assert (tmp_path / "target.md").read_text() == "keep me"


def test_random_names_either_write_a_private_file_or_say_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """30 seeded random names (odd bytes, markup, escapes, long, dots): never a traceback."""
    rng = random.Random(20261204)
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    alphabet = "ab[]. -_\x1b\x07\u202e\n\tü"  # no "/": every name stays in its folder
    for _ in range(30):
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        # Relative names land in the working folder (a scratch folder), never in `/`.
        target = str(tmp_path / "out" / name) if rng.random() < 0.7 else name
        (tmp_path / "out").mkdir(exist_ok=True)
        status, out, err = coach(capsys, "schema", "-o", target)
        assert "Traceback" not in err and not out
        assert err.count("\n") == 1, (name, err)
        if status == 0:
            assert err.startswith("wrote ")
            written = [p for p in tmp_path.rglob("*") if p.is_file()]
            assert len(written) == 1 and written[0].stat().st_mode & 0o777 == 0o600
            written[0].unlink()
        else:
            assert status == 1 and err.startswith("coach: "), (name, err)
    assert not [p for p in (tmp_path / "out").rglob("*.tmp")]


def test_a_new_file_is_written_private_and_whole(tmp_path: Path) -> None:
    target = tmp_path / "new.md"
    assert write_private_atomic(target, "héllo\n") == target
    assert target.read_text(encoding="utf-8") == "héllo\n"
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.md"]


def test_an_existing_file_is_replaced_and_made_private(tmp_path: Path) -> None:
    target = tmp_path / "old.md"
    target.write_text("old")
    target.chmod(0o644)
    write_private_atomic(target, "new")
    assert target.read_text() == "new" and target.stat().st_mode & 0o777 == 0o600


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    target = tmp_path / "old.md"
    target.write_text("old")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OutputError, match="no space left on device"):
        write_private_atomic(target, "new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.md"]


def test_export_writes_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    session, _ = record_session()
    target = tmp_path / "s.md"
    status, out, err = coach(capsys, "export", session, "-o", str(target))
    assert status == 0 and out == "" and err == f"wrote {target}\n"
    assert "A short tour" in target.read_text() and target.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("name", ["~/x.md", "rel.md"])
def test_ordinary_names_are_accepted(name: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert output_path(name).parent.is_dir()
