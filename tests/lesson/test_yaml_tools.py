"""Lessons survive ordinary YAML tools.

PyYAML, yq and yamllint read YAML 1.1, where `yes:` and `no:` are booleans:
a lesson loaded with `yaml.safe_load` and written back with `yaml.safe_dump`
has `true:` and `false:` keys, and must still load as the same lesson.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from coach.errors import LessonError
from coach.lesson import load_lesson, load_lesson_text

LESSONS = Path(__file__).resolve().parents[2] / "lessons"


def _round_trip(source: Path, target: Path) -> None:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("path", sorted(LESSONS.glob("*.yaml")), ids=lambda p: p.stem)
def test_a_pyyaml_round_trip_loads_as_the_same_lesson(path: Path, tmp_path: Path) -> None:
    shutil.copytree(LESSONS, tmp_path / "lessons")
    for file in sorted((tmp_path / "lessons").rglob("*.yaml")):
        _round_trip(file, file)
    copy = tmp_path / "lessons" / path.name
    if "yes:" in path.read_text(encoding="utf-8"):
        assert "true:" in copy.read_text(encoding="utf-8")  # what the tool wrote
    assert load_lesson(copy) == load_lesson(path)


HEAD = "id: t\ntitle: T\nsummary: S\nminutes: 3\nsections:\n  - title: One\n    steps:\n"
CHECKIN = "      - {kind: checkin, title: Q, question: OK?, %s}\n"


@pytest.mark.parametrize(
    ("keys", "yes", "no"),
    [
        ("true: repeat, false: {stop: Done.}", "repeat", "stop"),
        ("yes: repeat, false: {stop: Done.}", "repeat", "stop"),
        ("'yes': repeat, 'no': {stop: Done.}", "repeat", "stop"),
        ("true: repeat", "repeat", "continue"),
    ],
)
def test_boolean_keys_mean_yes_and_no(keys: str, yes: str, no: str) -> None:
    step = load_lesson_text(HEAD + CHECKIN % keys).flat_steps()[0].step
    assert (step.route(True).action, step.route(False).action) == (yes, no)


def test_both_spellings_of_one_answer_is_an_error() -> None:
    with pytest.raises(LessonError) as info:
        load_lesson_text(HEAD + CHECKIN % "yes: repeat, true: continue", "x.yaml")
    assert "x.yaml:8:" in str(info.value) and "mean the same answer" in str(info.value)
