"""What a lesson field accepts, declared once with `Annotated`.

Why this exists: the lesson models are plain frozen dataclasses. Importing
pydantic and building its models cost about 100 ms and 9 MiB at every start
of `coach run` and `coach validate` (measured in `benchmarks/`), several times
the cost of reading a lesson. The constraints a field carries are declared
here, next to its type, and read by both the loader's checks
(`coach.lesson.validate`) and the published JSON Schema (`coach.lesson.schema`),
so the two can never disagree about a bound.
"""

from __future__ import annotations

import typing
from typing import Any

from coach.lesson.frozen import Frozen


class Rule(Frozen):
    """Bounds and documentation for one field (or the items of a list field).

    For numbers `ge`/`gt`/`le`/`lt`; for text `min_length`/`max_length`/`pattern`
    (checked after surrounding whitespace is stripped); for lists
    `min_length`/`max_length` count items. `out_of_range` replaces the message
    for a number outside its bounds; `{got}` is the value found.
    """

    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_hint: str | None = None
    description: str | None = None
    out_of_range: str | None = None


def doc(description: str) -> Rule:
    """A rule that only documents a field (shown in editors through the schema)."""
    return Rule(description=description)


class Tagged(Frozen):
    """A union of models chosen by the value of one key (`kind: hold`).

    A mapping without the key is the `default` member. `noun` names a member
    in messages ("unknown step kind").
    """

    key: str
    default: str
    noun: str
    example: str


class Shorthand(Frozen):
    """A model that may be written as a bare value standing for one of its fields.

    `positions: [12, 3]` means `[{at: 12}, {at: 3}]`.
    """

    field: str


def unwrap(tp: Any) -> tuple[Any, list[Rule], Tagged | None]:
    """Strip `Annotated` layers: the bare type, its rules, and a union tag if any."""
    rules: list[Rule] = []
    tag: Tagged | None = None
    while typing.get_origin(tp) is typing.Annotated:
        for extra in tp.__metadata__:
            if isinstance(extra, Rule):
                rules.append(extra)
            elif isinstance(extra, Tagged):
                tag = extra
        tp = tp.__origin__
    return tp, rules, tag
