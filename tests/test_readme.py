"""The README's examples work as written: its lesson example validates."""

from __future__ import annotations

from pathlib import Path

from coach.lesson import load_lesson_text

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_lesson_example_in_the_readme_validates(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## The lesson format", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    lesson = load_lesson_text(example, "README.md", base_dir=tmp_path)
    assert lesson.id == "calm-breath"
    assert any(f.step.safety for f in lesson.flat_steps())


def test_the_readme_key_table_is_the_keymap() -> None:
    from coach.ui import keymap

    assert keymap.markdown_table().rstrip("\n") in README.read_text(encoding="utf-8")
