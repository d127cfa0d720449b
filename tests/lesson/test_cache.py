"""The lesson cache: used only when every file a lesson came from is unchanged."""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from coach import paths
from coach.errors import LessonError
from coach.lesson import cache
from coach.lesson.cache import load_lesson_cached
from coach.lesson.loader import load_lesson
from tests.conftest import LESSONS

LESSON = """\
id: cached
title: Cached
summary: S
minutes: 1
sections:
  - title: Main
    steps:
      - title: {title}
      - include: parts/more.yaml
"""


def _lesson(folder: Path, title: str = "First", more: str = "Second") -> Path:
    (folder / "parts").mkdir(exist_ok=True)
    (folder / "parts" / "more.yaml").write_text(f"- title: {more}\n")
    path = folder / "cached.yaml"
    path.write_text(LESSON.format(title=title))
    return path


def _titles(path: Path) -> list[str]:
    return [flat.step.title for flat in load_lesson_cached(path).flat_steps()]


def _entries() -> list[Path]:
    folder = paths.cache_dir() / "lessons"
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


def test_a_cached_lesson_equals_the_lesson_read_from_yaml() -> None:
    for path in sorted(LESSONS.glob("*.yaml")):
        first = load_lesson_cached(path)  # from YAML, then stored
        again = load_lesson_cached(path)  # from the cache
        assert again == first == load_lesson(path)
    assert len(_entries()) == len(list(LESSONS.glob("*.yaml")))


def test_a_warm_start_does_not_import_the_yaml_reader() -> None:
    tour = str(LESSONS / "tour.yaml")
    code = (
        "import sys; from coach.lesson.cache import load_lesson_cached as load; "
        f"load({tour!r}); print('yaml' in sys.modules)"
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    run = [sys.executable, "-c", code]
    assert subprocess.run(run, capture_output=True, text=True, env=env).stdout == "True\n"
    assert subprocess.run(run, capture_output=True, text=True, env=env).stdout == "False\n"


@pytest.mark.parametrize(
    ("title", "more", "expected"),
    [
        ("First", "Second", ["First", "Second"]),
        ("Edited", "Second", ["Edited", "Second"]),  # the lesson file changed
        ("First", "Included", ["First", "Included"]),  # only an include changed
    ],
)
def test_a_changed_source_is_read_again(
    tmp_path: Path, title: str, more: str, expected: list[str]
) -> None:
    path = _lesson(tmp_path)
    assert _titles(path) == ["First", "Second"]
    _lesson(tmp_path, title, more)
    assert _titles(path) == expected
    assert _titles(path) == expected


def test_new_code_makes_every_entry_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _lesson(tmp_path)
    _titles(path)
    (entry,) = _entries()
    monkeypatch.setattr(cache, "_code_version", lambda: ("another version of coach",))
    assert cache._read(entry, os.path.realpath(path)) is None
    assert _titles(path) == ["First", "Second"]  # read from YAML and stored again
    assert pickle.loads(entry.read_bytes())[0] == ("another version of coach",)


def test_an_entry_names_its_lesson(tmp_path: Path) -> None:
    path = _lesson(tmp_path)
    _titles(path)
    (entry,) = _entries()
    assert cache._read(entry, os.path.realpath(path)) is not None
    assert cache._read(entry, str(tmp_path / "another.yaml")) is None


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x04K\x01.", b"\x80\x04N."])
def test_a_torn_or_foreign_entry_is_ignored_and_replaced(tmp_path: Path, content: bytes) -> None:
    path = _lesson(tmp_path)
    _titles(path)
    (entry,) = _entries()
    entry.write_bytes(content)
    assert _titles(path) == ["First", "Second"]
    assert entry.read_bytes() != content


def test_a_lesson_with_problems_is_not_cached(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: broken\n")
    for _ in range(2):
        with pytest.raises(LessonError):
            load_lesson_cached(path)
    assert _entries() == []


def test_entries_are_private() -> None:
    load_lesson_cached(LESSONS / "tour.yaml")
    (entry,) = _entries()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(entry.parent.stat().st_mode) == 0o700


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through permissions")
def test_an_unwritable_cache_folder_still_loads(coach_home: Path) -> None:
    paths.cache_dir().mkdir(parents=True)
    paths.cache_dir().chmod(0o500)
    try:
        assert load_lesson_cached(LESSONS / "tour.yaml").id == "tour"
        assert _entries() == []
    finally:
        paths.cache_dir().chmod(0o700)


def test_a_file_in_the_way_of_the_cache_folder_still_loads() -> None:
    paths.cache_dir().parent.mkdir(parents=True, exist_ok=True)
    paths.cache_dir().write_text("not a folder")
    assert load_lesson_cached(LESSONS / "tour.yaml").id == "tour"
