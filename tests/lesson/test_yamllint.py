"""yamllint's default config passes on every bundled lesson and part, and on the starter.

Authors and CI run yamllint as it comes; a lesson that fails it on line length
or on bare `yes:`/`no:` keys (booleans in YAML 1.1) looks broken even though
coach reads it. Only the documents in `lessons/` are checked, not test fixtures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.lesson.starter import starter_lesson_text

yamllint_config = pytest.importorskip("yamllint.config")
yamllint_linter = pytest.importorskip("yamllint.linter")

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
BUNDLED = sorted(LESSONS.glob("*.yaml")) + sorted((LESSONS / "parts").glob("*.yaml"))
SCHEMA_LINE = "# yaml-language-server: $schema="


def problems(text: str, name: str) -> list[str]:
    """Every error and warning of yamllint's default config, one line each."""
    config = yamllint_config.YamlLintConfig("extends: default")
    return [
        f"{name}:{problem.line}:{problem.column}: {problem.level} {problem.desc} ({problem.rule})"
        for problem in yamllint_linter.run(text, config)
    ]


def test_there_are_lessons_and_parts_to_check() -> None:
    assert {path.parent.name for path in BUNDLED} == {"lessons", "parts"}


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_the_default_config_passes_on_a_bundled_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert problems(text, path.name) == []


def test_the_default_config_passes_on_the_starter() -> None:
    text = starter_lesson_text()
    found = problems(text, "starter")
    # The first line holds the installed schema's file URL: its length is the
    # install path's, not the starter's. Everything else must pass.
    assert text.splitlines()[0].startswith(SCHEMA_LINE)
    assert [line for line in found if not line.startswith("starter:1:")] == []
    assert problems(starter_lesson_text("a-longer-lesson-id", "lesson.schema.json"), "s") == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("---\nkey: yes\n", "truthy"),
        ('---\n"yes": continue\nno: stop\n', "truthy"),
        ("key: value\n", "document-start"),
        ("---\nkey: " + "word " * 20 + "\n", "line-length"),
    ],
)
def test_the_check_sees_what_it_guards_against(text: str, rule: str) -> None:
    assert any(f"({rule})" in line for line in problems(text, "x"))
