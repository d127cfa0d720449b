"""Plain data -> lesson models, with pydantic's errors told as `path:line:col: message`.

pydantic checks the data against the models (`coach.lesson.model`) and reports
every problem at once, each with a `loc` (the keys and indexes that lead to
the value). Here each `loc` is walked through the data to the place the value
was written (`yamltree.Places`), and each error is worded for a lesson author:
"unknown key `breths`; did you mean `breaths`?", not "Extra inputs are not
permitted".
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from coach.errors import LessonError, Problem
from coach.lesson import model as m
from coach.lesson.yamltree import Place, Places, clip, located, quote

T = TypeVar("T", bound=BaseModel)

MAX_PROBLEMS = 100
_TAGS = {
    *m.STEP_KINDS,
    "word",
    "route",
}  # union members named in a `loc`  # more is noise: the author fixes the first ones and runs again


def build(cls: type[T], data: Any, path: str = "<data>") -> T:
    """Validate plain Python data (dicts, lists, scalars) as `cls`; raises `LessonError`."""
    return check(cls, data, Places(), (path, 1, 1))


def check(cls: type[T], data: Any, places: Places, root: Place) -> T:
    """`cls` from `data`, or `LessonError` with every problem placed through `places`."""
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        raise LessonError(problems(cls, exc, data, places, root)) from None


def problems(
    cls: type[BaseModel], exc: ValidationError, data: Any, places: Places, root: Place
) -> list[Problem]:
    found: list[Problem] = []
    errors = exc.errors(include_url=False)
    for error in errors[:MAX_PROBLEMS]:
        problem = _problem(cls, error, data, places, root)
        if problem is not None:
            found.append(problem)
    if len(errors) > MAX_PROBLEMS:
        _key, where = locate(tuple(errors[MAX_PROBLEMS]["loc"]), data, places, root)
        more = len(errors) - MAX_PROBLEMS
        found.append(located(where, f"... and {more} more problems from here"))
    return found


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(word[:80], list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{match[0]}`?" if match else ""


def locate(loc: tuple[Any, ...], data: Any, places: Places, root: Place) -> tuple[Place, Place]:
    """(where the last key is, where the value is) for `loc`; union tags are skipped.

    A part of `loc` the data does not hold (a missing key, a tag) leaves the
    place at the mapping that holds it.
    """
    current = data
    key_place = value_place = root
    for part in loc:
        if isinstance(current, dict) and isinstance(part, str):
            key = part if part in current else _written_key(part, current)
            table = places.keys.get(id(current), {})
            if key is None:
                continue
            key_place, value_place = table.get(key, (value_place, value_place))
            current = current[key]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            items = places.items.get(id(current))
            key_place = value_place = items[part] if items else value_place
            current = current[part]
    return key_place, value_place


def _written_key(meant: str, mapping: dict[str, Any]) -> str | None:
    for written, same in m.BOOLEAN_KEYS.items():
        if same == meant and written in mapping:
            return written
    return None


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    work = [annotation]
    while work:
        tp = work.pop()
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            found.append(tp)
        else:
            work.extend(typing.get_args(tp))
    return found


def _model_at(cls: type[BaseModel], loc: tuple[Any, ...]) -> list[type[BaseModel]]:
    """The models that could sit at `loc` (a step's kind tag narrows them to one)."""
    candidates = [cls]
    for part in loc:
        if not isinstance(part, str):
            continue
        fields = [c.model_fields[part] for c in candidates if part in c.model_fields]
        if fields:
            candidates = [model for f in fields for model in _models_in(f.annotation)]
        else:
            tagged = [c for c in candidates if c is m.STEP_CLASSES.get(part)]
            candidates = tagged or candidates
    return candidates


def _problem(
    cls: type[BaseModel], error: Any, data: Any, places: Places, root: Place
) -> Problem | None:
    kind = error["type"]
    loc = tuple(error["loc"])
    ctx = error.get("ctx") or {}
    got = error.get("input")
    if kind == "lesson_rule" and ctx.get("field"):
        loc = (*loc, ctx["field"])
    key_place, where = locate(loc, data, places, root)
    names = [p for p in loc if isinstance(p, str) and p not in _TAGS]
    name = names[-1] if names else None
    named = f"`{name}`" if name else "value"
    if kind == "extra_forbidden":
        known = {f for model in _model_at(cls, loc[:-1]) for f in model.model_fields}
        hint = did_you_mean(str(name), known)
        return located(key_place, f"unknown key `{clip(str(name))}`{hint}")
    if kind == "missing":
        return located(where, f"missing required key `{name}`")
    if kind == "lesson_rule":
        return located(where, error["msg"])
    if kind == "too_short" and isinstance(got, list | tuple) and len(got) >= ctx["min_length"]:
        return None  # some items were refused; each has its own problem
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return located(where, _step_problem(got))
    if name in m.OUT_OF_RANGE and kind in _BOUNDS:
        return located(where, m.OUT_OF_RANGE[name].format(got=quote(got)))
    if kind == "too_short":
        shown = _items(len(got)) if got else "an empty list"
    elif kind == "too_long":
        shown = str(len(got))
    else:
        shown = quote(got)
    return located(where, f"{named} {_wording(kind, ctx)}, got {shown}")


_BOUNDS = {
    "greater_than_equal": ("must be at least", "ge"),
    "greater_than": ("must be more than", "gt"),
    "less_than_equal": ("must be at most", "le"),
    "less_than": ("must be less than", "lt"),
}


def _step_problem(got: Any) -> str:
    kind = m.step_kind(got)
    if kind is None:
        return f"a step must be a mapping of keys (title:, do:, ...), got {quote(got)}"
    hint = did_you_mean(kind, m.STEP_KINDS) or f"; use one of: {', '.join(m.STEP_KINDS)}"
    return f"unknown step kind `{clip(kind)}`{hint}"


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _wording(kind: str, ctx: dict[str, Any]) -> str:
    if kind in _BOUNDS:
        words, key = _BOUNDS[kind]
        return f"{words} {_number(ctx[key])}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"must be at most {ctx['max_length']} characters"
    if kind == "string_pattern_mismatch":
        return m.PATTERN_HINTS.get(ctx["pattern"], f"must match {ctx['pattern']}")
    if kind == "too_short":
        return f"needs at least {_items(ctx['min_length'])}"
    if kind == "too_long":
        return f"takes at most {_items(ctx['max_length'])}"
    if kind in ("enum", "literal_error"):
        return f"must be {ctx['expected']}"
    return _WORDS.get(kind, "is not valid here")


_WORDS = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "finite_number": "must be a finite number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "model_type": "must be a mapping of keys",
    "model_attributes_type": "must be a mapping of keys",
    "dict_type": "must be a mapping of keys",
    "tuple_type": "must be a list",
    "list_type": "must be a list",
}
