"""The JSON Schema of the lesson format, generated from the models.

Editors that speak the YAML language server validate a lesson as it is typed
when the file starts with ``# yaml-language-server: $schema=<path or URL>``.
`coach schema` prints this text; `coach/lesson/schema.json` is the same text
committed beside the package so bundled lessons can point at it (a test keeps
the two identical).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coach.lesson.model import Lesson

SCHEMA_FILE = Path(__file__).with_name("schema.json")


def lesson_schema() -> dict[str, Any]:
    schema = Lesson.model_json_schema(mode="validation")
    # `positions: [12, 3, {at: 6, note: ...}]`: a bare hour is shorthand for {at: hour}.
    positions = schema["$defs"]["HoldStep"]["properties"]["positions"]
    positions["items"] = {
        "anyOf": [
            {"type": "integer", "minimum": 1, "maximum": 12},
            positions["items"],
        ]
    }
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://coach.invalid/lesson.schema.json"
    return schema


def schema_text() -> str:
    return json.dumps(lesson_schema(), indent=2, ensure_ascii=False) + "\n"
