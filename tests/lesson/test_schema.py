"""The published JSON Schema and the loader agree, because both come from the models.

Each case is a lesson snippet; the loader and `jsonschema` (what an editor
runs) must both accept the valid ones and both refuse the invalid ones the
schema can express (cross-references such as goto targets are the loader's alone).
"""

from __future__ import annotations

import json

import pytest

from coach.errors import LessonError
from coach.lesson import load_lesson_text
from coach.lesson.schema import schema_text
from coach.lesson.yamltree import parse, to_python
from tests.lesson.test_loader import INVALID, VALID, lesson

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = json.loads(schema_text())

# Refused by the loader only: cross-references, YAML itself, rules between fields.
LOADER_ONLY = {
    "goto nowhere",
    "duplicate id",
    "duplicate key",
    "python tag",
    "unknown role",
    "two routes",
    "every without minutes",
    "between outside hold",
    "minutes on a before reminder",
}


def _schema_accepts(text: str) -> bool:
    return jsonschema.Draft202012Validator(SCHEMA).is_valid(to_python(parse(text, "x.yaml")))


@pytest.mark.parametrize(("name", "steps"), VALID, ids=[v[0] for v in VALID])
def test_schema_accepts_what_the_loader_accepts(name: str, steps: str) -> None:
    load_lesson_text(lesson(steps), "x.yaml")
    assert _schema_accepts(lesson(steps))


SCHEMA_CASES = [case for case in INVALID if case[0] not in LOADER_ONLY]


@pytest.mark.parametrize(
    ("name", "steps", "expected"), SCHEMA_CASES, ids=[c[0] for c in SCHEMA_CASES]
)
def test_schema_refuses_what_the_loader_refuses(name: str, steps: str, expected: str) -> None:
    with pytest.raises(LessonError):
        load_lesson_text(lesson(steps), "x.yaml")
    assert not _schema_accepts(lesson(steps))
