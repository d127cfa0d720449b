"""Shell completion for bash, zsh and fish: commands, lesson ids, session ids, choices.

Each case runs the real `coach` process the way the shell's completion script does
(Typer's protocol: `_COACH_COMPLETE` and the shell's own variables).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import REPO


def _complete(shell: str, words: str, home: Path) -> list[str]:
    """What `shell` offers for the command line `words` (the cursor at its end)."""
    env = {**os.environ, "COACH_HOME": str(home), "_COACH_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        parts = words.split(" ")
        env |= {"COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": words}
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    result = subprocess.run(
        [sys.executable, "-c", "from coach.entry import main; main()"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return _values(shell, result.stdout)


def _values(shell: str, output: str) -> list[str]:
    if shell == "bash":
        return [line for line in output.splitlines() if line]
    if shell == "fish":
        return [line.split("\t")[0] for line in output.splitlines() if line]
    # zsh: _arguments '*: :(("value":"help" "value2"))'
    import re

    return re.findall(r'"((?:[^"\\]|\\.)*)"(?::"(?:[^"\\]|\\.)*")?', output)


@pytest.fixture
def home(coach_home: Path) -> Path:
    lessons = coach_home / "data" / "lessons"
    lessons.mkdir(parents=True)
    (lessons / "my-own.yaml").write_text("id: my-own\n")
    (lessons / "bad\x1bname.yaml").write_text("")  # never offered: not a plain name
    sessions = coach_home / "data" / "sessions"
    sessions.mkdir()
    for stem in ("20261125-142301-ab12", "20261126-090000-cd34", "evil\x07id", ".hidden"):
        (sessions / f"{stem}.jsonl").write_text("{")
    (sessions / "notes.txt").write_text("")
    return coach_home


SHELLS = ["bash", "zsh", "fish"]


@pytest.mark.parametrize("shell", SHELLS)
def test_commands(shell: str, home: Path) -> None:
    offered = _complete(shell, "coach ", home)
    for command in ("run", "resume", "list", "sessions", "export", "help", "validate"):
        assert command in offered, offered
    assert _complete(shell, "coach ex", home) == ["export"]


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("command", ["run", "preview", "present", "rehearse"])
def test_lesson_ids(shell: str, command: str, home: Path) -> None:
    assert _complete(shell, f"coach {command} ", home) == [
        "guided",
        "therapeutic",
        "tour",
        "my-own",
    ]
    assert _complete(shell, f"coach {command} t", home) == ["therapeutic", "tour"]


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("command", ["resume", "export", "follow"])
def test_session_ids_newest_first(shell: str, command: str, home: Path) -> None:
    offered = _complete(shell, f"coach {command} ", home)
    assert offered == ["20261126-090000-cd34", "20261125-142301-ab12"]
    assert _complete(shell, f"coach {command} 2027", home) == []
    assert _complete(shell, f"coach {command} 20261125", home) == ["20261125-142301-ab12"]


@pytest.mark.parametrize("shell", SHELLS)
def test_fixed_choices(shell: str, home: Path) -> None:
    assert _complete(shell, "coach export 1 --format ", home) == ["markdown", "md", "json"]
    assert _complete(shell, "coach --theme ", home) == ["auto", "dark", "light", "mono"]
    assert _complete(shell, "coach help ", home) == ["lessons", "json"]


def test_no_sessions_folder_offers_nothing(coach_home: Path) -> None:
    assert _complete("bash", "coach resume ", coach_home) == []


@pytest.mark.parametrize("shell", SHELLS)
def test_show_completion_prints_the_script_for_each_shell(shell: str) -> None:
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    result = subprocess.run(
        [sys.executable, "-c", "from coach.entry import main; main()", "--show-completion", shell],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "_COACH_COMPLETE" in result.stdout
    assert f"complete_{shell}" in result.stdout


def test_install_completion_writes_the_shell_setup(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from coach.entry import main; main()",
            "--install-completion",
            "bash",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "bash completion installed" in result.stdout
    assert "coach" in (tmp_path / ".bashrc").read_text()


def test_a_path_being_typed_completes_to_folders_and_lesson_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coach.cli.options import complete_lesson

    (tmp_path / "mine.yaml").write_text("")
    (tmp_path / "notes.txt").write_text("")
    (tmp_path / "parts").mkdir()
    (tmp_path / "odd\x1bname.yaml").write_text("")
    monkeypatch.chdir(tmp_path)
    assert complete_lesson("./") == [("./mine.yaml", ""), ("./parts/", "")]
    assert complete_lesson(f"{tmp_path}/m") == [(f"{tmp_path}/mine.yaml", "")]
    assert complete_lesson("./nowhere/") == []
    assert complete_lesson("t") == [("therapeutic", "bundled lesson"), ("tour", "bundled lesson")]


def test_validate_completes_folders_and_lesson_files(home: Path) -> None:
    offered = _complete("bash", "coach validate less", home)
    assert offered == ["lessons/"]
    assert "lessons/tour.yaml" in _complete("bash", "coach validate lessons/", home)
