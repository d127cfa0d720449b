"""`- include: parts/x.yaml` splices fragments; errors point into the fragment."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.errors import LessonError
from coach.lesson import load_lesson

LESSON = """\
id: inc
title: Inc
summary: S
minutes: 1
sections:
  - include: parts/intro.yaml
  - title: Main
    steps:
      - title: Work
      - include: parts/steps.yaml
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_fragments_are_spliced(tmp_path: Path) -> None:
    write(tmp_path, "parts/intro.yaml", "title: Intro\nsteps:\n  - title: Hello\n")
    write(tmp_path, "parts/steps.yaml", "- title: Two\n- title: Three\n")
    lesson = load_lesson(write(tmp_path, "l.yaml", LESSON))
    assert [f.step.title for f in lesson.flat_steps()] == ["Hello", "Work", "Two", "Three"]


def test_error_inside_fragment_names_the_fragment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "parts/intro.yaml", "title: Intro\nsteps:\n  - title: Hello\n    colour: red\n")
    write(tmp_path, "parts/steps.yaml", "- title: Two\n")
    with pytest.raises(LessonError) as info:
        load_lesson(write(tmp_path, "l.yaml", LESSON))
    assert [str(p) for p in info.value.problems] == ["parts/intro.yaml:4:5: unknown key `colour`"]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("../outside.yaml", "must stay inside the lesson's folder"),
        ("/etc/passwd", "must stay inside the lesson's folder"),
        ("parts/missing.yaml", "no such file"),
        ("l.yaml", "includes itself"),
    ],
)
def test_bad_includes(tmp_path: Path, target: str, message: str) -> None:
    write(tmp_path, "parts/steps.yaml", "- title: Two\n")
    text = LESSON.replace("parts/intro.yaml", target)
    with pytest.raises(LessonError) as info:
        load_lesson(write(tmp_path, "l.yaml", text))
    assert any(message in str(p) for p in info.value.problems), info.value.problems


def test_any_list_takes_includes_and_parts_may_include_siblings(tmp_path: Path) -> None:
    write(tmp_path, "parts/intro.yaml", "title: Intro\nsteps:\n  - include: hello.yaml\n")
    write(
        tmp_path,
        "parts/hello.yaml",
        "kind: checklist\ntitle: Hello\nitems: [a, {include: b.yaml}]\n",
    )
    write(tmp_path, "parts/b.yaml", "- b\n- c\n")
    write(tmp_path, "parts/steps.yaml", "- title: Two\n")
    lesson = load_lesson(write(tmp_path, "l.yaml", LESSON))
    assert lesson.flat_steps()[0].step.items == ("a", "b", "c")


def test_a_part_cannot_reach_outside_the_lessons_folder(tmp_path: Path) -> None:
    write(tmp_path / "lesson", "parts/intro.yaml", "include: ../../secret.yaml\n")
    write(tmp_path / "lesson", "parts/steps.yaml", "- title: Two\n")
    write(tmp_path, "secret.yaml", "title: Secret\nsteps: [{title: S}]\n")
    with pytest.raises(LessonError) as info:
        load_lesson(write(tmp_path / "lesson", "l.yaml", LESSON))
    assert any("must stay inside" in str(p) for p in info.value.problems)


def test_a_cycle_between_parts_is_named(tmp_path: Path) -> None:
    write(tmp_path, "parts/intro.yaml", "include: loop.yaml\n")
    write(tmp_path, "parts/loop.yaml", "include: intro.yaml\n")
    write(tmp_path, "parts/steps.yaml", "- title: Two\n")
    with pytest.raises(LessonError) as info:
        load_lesson(write(tmp_path, "l.yaml", LESSON))
    assert any("includes itself" in str(p) for p in info.value.problems), info.value.problems
