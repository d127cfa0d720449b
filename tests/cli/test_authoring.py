"""`coach new`, `coach schema --part`, `coach validate`'s caret and `coach audio`, as a person types them."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import pytest

from .helpers import coach


def test_new_writes_a_private_starter_that_validates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "knees.yaml"
    status, _, err = coach(capsys, "new", str(path))
    assert status == 0, err
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_text().startswith("# yaml-language-server: $schema=file://")
    status, out, _ = coach(capsys, "validate", str(path))
    assert status == 0 and out.startswith("ok ") and "knees.yaml: knees (" in out


@pytest.mark.parametrize("name", ["exists.yaml", "notes.txt"])
def test_new_never_replaces_a_file_and_wants_yaml(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    if name == "exists.yaml":
        path.write_text("mine")
    status, _, err = coach(capsys, "new", str(path))
    assert status == 1 and len(err.strip().splitlines()) == 1
    assert not path.exists() or path.read_text() == "mine"


def test_schema_part_is_the_fragment_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = coach(capsys, "schema", "--part")
    assert status == 0
    assert json.loads(out)["title"] == "coach lesson part"
    status, whole, _ = coach(capsys, "schema")
    assert json.loads(whole)["title"] != "coach lesson part"


def test_validate_shows_the_line_and_a_caret_under_a_syntax_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\n  title: a\nsummary: b\n")
    status, out, _ = coach(capsys, "validate", str(path))
    assert status == 1
    first, source, caret = out.splitlines()[:3]
    assert first.startswith(f"{path}:2:8: ")
    assert source == "    title: a"
    assert caret.index("^") == source.index(":")


def test_audio_writes_the_guide_without_a_voice(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_path = tmp_path / "tour.wav"
    status, _, err = coach(capsys, "audio", "tour", "-o", str(out_path), "--no-voice")
    assert status == 0, err
    assert out_path.stat().st_mode & 0o777 == 0o600
    with wave.open(str(out_path)) as track:
        assert track.getnframes() / track.getframerate() > 60  # the tour's planned minutes


@pytest.mark.parametrize("target", ["guide.flac", "/dev/full", ""])
def test_audio_refuses_what_it_cannot_write_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, target: str
) -> None:
    path = str(tmp_path / target) if target.endswith(".flac") else target
    status, _, err = coach(capsys, "audio", "tour", "-o", path, "--no-voice")
    assert status == 1
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
