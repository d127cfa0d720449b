"""`coach new` writes a starter lesson that validates and names a schema that exists."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest

from coach.lesson import load_lesson_text
from coach.lesson.model import STEP_KINDS
from coach.lesson.starter import starter_lesson_text
from coach.lesson.yamltree import parse

PREFIX = "# yaml-language-server: $schema="


def test_the_starter_validates_and_shows_common_kinds() -> None:
    lesson = load_lesson_text(starter_lesson_text(), "new.yaml")
    kinds = {flat.step.kind for flat in lesson.flat_steps()}
    assert {"instruction", "checklist", "timed", "checkin", "review"} <= kinds <= set(STEP_KINDS)
    assert lesson.id == "my-lesson"


def test_the_starter_takes_its_id() -> None:
    assert load_lesson_text(starter_lesson_text("knees-2"), "k.yaml").id == "knees-2"


def test_the_schema_line_names_the_published_schema_and_it_accepts_the_starter() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    text = starter_lesson_text()
    first = text.splitlines()[0]
    assert first.startswith(PREFIX)
    url = urlparse(first.removeprefix(PREFIX))
    assert url.scheme == "file"
    schema = json.loads(Path(url2pathname(url.path)).read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(parse(text, "x"))) == []
