"""The lesson format: typed models, the YAML loader and the catalog of lessons.

The names below load on first use, so importing `coach.lesson.model` (for a
type) does not import the YAML loader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.lesson.loader import load_lesson, load_lesson_text
    from coach.lesson.model import Lesson

__all__ = ["Lesson", "load_lesson", "load_lesson_text"]


def __getattr__(name: str) -> Any:
    if name in ("load_lesson", "load_lesson_text"):
        from coach.lesson import loader

        return getattr(loader, name)
    if name == "Lesson":
        from coach.lesson.model import Lesson

        return Lesson
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
