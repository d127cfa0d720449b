"""The lesson format: typed models, the YAML loader and the catalog of lessons."""

from coach.lesson.loader import load_lesson, load_lesson_text
from coach.lesson.model import Lesson

__all__ = ["Lesson", "load_lesson", "load_lesson_text"]
