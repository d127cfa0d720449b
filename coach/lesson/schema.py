"""The JSON Schema of the lesson format, generated from the models.

Editors that speak the YAML language server validate a lesson as it is typed
when the file starts with ``# yaml-language-server: $schema=<path or URL>``.
`coach schema` prints this text; `coach/lesson/schema.json` is the same text
committed beside the package so bundled lessons can point at it (a test keeps
the two identical). It is generated from the same `Annotated` declarations the
loader checks (`coach.lesson.fields`), so a bound is written down once.
"""

from __future__ import annotations

import inspect
import json
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

from coach.lesson.fields import Rule, Tagged, unwrap
from coach.lesson.frozen import as_data, field_types, fields
from coach.lesson.model import Lesson, Model

SCHEMA_FILE = Path(__file__).with_name("schema.json")

_NUMBER_KEYS = (
    ("ge", "minimum"),
    ("gt", "exclusiveMinimum"),
    ("le", "maximum"),
    ("lt", "exclusiveMaximum"),
)


def lesson_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://coach.invalid/lesson.schema.json",
        "title": "coach lesson",
        **_object(Lesson, defs),
    }
    schema["$defs"] = dict(sorted(defs.items()))
    return schema


def schema_text() -> str:
    return json.dumps(lesson_schema(), indent=2, ensure_ascii=False) + "\n"


def _object(cls: type[Model], defs: dict[str, Any]) -> dict[str, Any]:
    types = field_types(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in fields(cls):
        prop = _type(types[field.name], defs)
        if field.required:
            required.append(field.name)
        else:
            prop["default"] = as_data(field.default)
        properties[field.name] = prop
    out: dict[str, Any] = {"type": "object"}
    description = _own_doc(cls)
    if description:
        out["description"] = description
    out["properties"] = properties
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out


def _own_doc(cls: type) -> str | None:
    """The first paragraph of the class's own docstring (not the one dataclass writes)."""
    text = cls.__dict__.get("__doc__")
    if not text or text.startswith(f"{cls.__name__}("):
        return None
    return " ".join(inspect.cleandoc(text).split("\n\n")[0].split())


def _ref(cls: type[Model], defs: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}  # placeholder first: a model may refer to itself
        defs[name] = _object(cls, defs)
    ref: dict[str, Any] = {"$ref": f"#/$defs/{name}"}
    if cls.SHORTHAND is not None:
        shorthand = field_types(cls)[cls.SHORTHAND.field]
        return {"anyOf": [_type(shorthand, defs), ref]}
    return ref


def _type(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    tp, rules, tag = unwrap(tp)
    description = next((r.description for r in rules if r.description), None)
    out = _bare(tp, rules, tag, defs)
    if description:
        out["description"] = description
    return out


def _bare(tp: Any, rules: list[Rule], tag: Tagged | None, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        members = typing.get_args(tp)
        if type(None) in members:
            rest = [m for m in members if m is not type(None)]
            inner: Any = rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007
            constrained = [Rule(**{**as_data(r), "description": None}) for r in rules]
            if constrained:
                inner = typing.Annotated[(inner, *constrained)]
            return {"anyOf": [_type(inner, defs), {"type": "null"}]}
        branches = [_type(member, defs) for member in members]
        return {"oneOf": branches} if tag is not None else {"anyOf": branches}
    if origin is tuple:
        out: dict[str, Any] = {"type": "array", "items": _type(typing.get_args(tp)[0], defs)}
        _bounds(out, rules, "minItems", "maxItems")
        return out
    if origin is typing.Literal:
        values = typing.get_args(tp)
        kind = "integer" if isinstance(values[0], int) else "string"
        if len(values) == 1:
            return {"type": kind, "const": values[0]}
        return {"type": kind, "enum": list(values)}
    if isinstance(tp, type) and issubclass(tp, Enum):
        defs.setdefault(tp.__name__, {"type": "string", "enum": [m.value for m in tp]})
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if isinstance(tp, type) and issubclass(tp, Model):
        return _ref(tp, defs)
    if tp is str:
        out = {"type": "string"}
        _bounds(out, rules, "minLength", "maxLength")
        pattern = next((r.pattern for r in rules if r.pattern), None)
        if pattern:
            out["pattern"] = pattern
        return out
    if tp is bool:
        return {"type": "boolean"}
    if tp in (int, float):
        out = {"type": "integer" if tp is int else "number"}
        for rule in rules:
            for attr, key in _NUMBER_KEYS:
                bound = getattr(rule, attr)
                if bound is not None:
                    out[key] = bound
        return out
    raise TypeError(f"no schema for {tp!r}")  # a programming error in model.py


def _bounds(out: dict[str, Any], rules: list[Rule], low: str, high: str) -> None:
    for rule in rules:
        if rule.min_length is not None:
            out[low] = rule.min_length
        if rule.max_length is not None:
            out[high] = rule.max_length
