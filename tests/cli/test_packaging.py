"""The distribution: a free name on the index, honest metadata, LICENSE and the help pages in the wheel."""

from __future__ import annotations

import email
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from coach import DISTRIBUTION
from coach.errors import MissingExtra

from ..conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_distribution_name_is_ours_and_the_command_is_coach() -> None:
    project = PYPROJECT["project"]
    assert project["name"] == DISTRIBUTION == "coach-tui"
    assert project["scripts"] == {"coach": "coach.entry:main"}
    assert "dev" in project["optional-dependencies"]
    assert all(DISTRIBUTION in item for item in project["optional-dependencies"]["dev"][:1])


def test_the_metadata_is_honest() -> None:
    project = PYPROJECT["project"]
    classifiers = project["classifiers"]
    assert "Programming Language :: Python :: 3.13" in classifiers
    assert any(c.startswith("Development Status :: ") for c in classifiers)
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert "invalid" not in str(project.get("urls", {}))
    typer = next(d for d in project["dependencies"] if d.startswith("typer"))
    assert "0.29" in typer and "<0.29" not in typer


def test_license_and_changelog_are_there() -> None:
    license_text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License")
    assert "Copyright (c) 2026 coach maintainers" in license_text
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changelog") and "## Unreleased" in changelog


@pytest.mark.parametrize(("feature", "extra"), [("coach serve", "serve"), ("coach audio", "audio")])
def test_a_missing_extra_says_how_to_add_it_for_pip_pipx_and_uv(feature: str, extra: str) -> None:
    message = str(MissingExtra(feature, extra))
    wanted = f'"coach-tui[{extra}]"'
    assert message.startswith(f"{feature} needs the `{extra}` extra")
    assert f"pip install {wanted}" in message
    assert f"pipx install --force {wanted}" in message
    assert f"uv tool install --force {wanted}" in message
    assert "\n" not in message and len(message) < 200


def test_the_readme_installs_by_the_new_name() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for line in ("pipx install coach-tui", "uv tool install coach-tui", "pip install coach-tui"):
        assert line in readme
    assert 'pip install "coach[' not in readme and 'pip install ".[serve]"' not in readme


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    [built] = out.glob("*.whl")
    return built


def test_the_wheel_carries_license_pages_lessons_and_the_command(wheel: Path) -> None:
    assert wheel.name.startswith("coach_tui-")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = email.message_from_bytes(archive.read(info))
        entry_points = archive.read(info.replace("METADATA", "entry_points.txt")).decode()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert {"coach/docs/lessons.md", "coach/docs/json.md", "coach/_lessons/tour.yaml"} <= names
    assert metadata["Name"] == "coach-tui" and metadata["License-Expression"] == "MIT"
    assert "coach = coach.entry:main" in entry_points
