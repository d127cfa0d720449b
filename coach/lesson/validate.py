"""Check a position-carrying YAML tree against the lesson models and build them.

Why this exists: the checks are compiled once from the models' `Annotated`
types (`coach.lesson.fields`) into small closures and run straight over the
`yamltree` nodes, so every problem is reported at the node it is about, in
words written for a lesson author, and all problems of a file come out in one
pass. Nothing is built for a part that has a problem; the caller gets the
problems instead.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

from coach.errors import LessonError, Problem
from coach.lesson.fields import Rule, Tagged, unwrap
from coach.lesson.frozen import field_types, fields
from coach.lesson.model import Model
from coach.lesson.yamltree import Mapping, Node, Scalar, Sequence, from_python


class _Bad:
    """The result of a check that reported a problem."""

    __slots__ = ()


BAD: Any = _Bad()

# A check takes the node, the field name for messages (None at the top) and the
# list to report into; it returns the value, or BAD after reporting.
Check = Callable[[Node, "str | None", list[Problem]], Any]

_YES = frozenset({"yes", "y", "on", "true"})
_NO = frozenset({"no", "n", "off", "false"})


def build(cls: type[Model], data: Any, path: str = "<data>") -> Any:
    """Validate plain Python data (dicts, lists, scalars) as `cls`; raises `LessonError`."""
    problems: list[Problem] = []
    value = check_model(cls, from_python(data, path), problems)
    if problems:
        raise LessonError(problems)
    return value


def check_model(cls: type[Model], node: Node, problems: list[Problem]) -> Any:
    """Check `node` as a `cls` and build it; BAD after reporting into `problems`."""
    return _compile(cls)(node, None, problems)


# --- messages -------------------------------------------------------------------


def describe(node: Node) -> str:
    """What was found, in a few words: `a mapping`, `a list`, `nothing`, `'deep'`."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    value = node.value if isinstance(node, Scalar) else None
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    import difflib  # only once there is a problem to explain

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{match[0]}`?" if match else ""


def _named(name: str | None) -> str:
    return f"`{name}`" if name else "value"


def _fail(node: Node, name: str | None, problems: list[Problem], wording: str) -> Any:
    problems.append(node.problem(f"{_named(name)} {wording}, got {describe(node)}"))
    return BAD


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _one_of(values: Iterable[object]) -> str:
    shown = [repr(v) for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


# --- compiling checks from type hints ------------------------------------------------

_COMPILED: dict[type, Check] = {}


def _compile(cls: type[Model]) -> Check:
    check = _COMPILED.get(cls)
    if check is None:
        # Registered before its fields compile, so a model can contain itself.
        _COMPILED[cls] = lambda node, name, problems: check_fn(node, name, problems)
        check_fn = _model_check(cls)
        _COMPILED[cls] = check = check_fn
    return check


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType)


def compile_type(tp: Any) -> Check:
    """The check for one annotated type."""
    base, rules, tag = unwrap(tp)
    if _is_union(base):
        members = typing.get_args(base)
        if type(None) in members:
            rest = [m for m in members if m is not type(None)]
            inner: Any = rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007
            if rules:
                inner = typing.Annotated[(inner, *rules)]
            return _optional(compile_type(inner))
        if tag is not None:
            return _tagged(tag, members)
        return _literal_or_model(members)
    origin = typing.get_origin(base)
    if origin is tuple:
        return _sequence(compile_type(typing.get_args(base)[0]), rules)
    if origin is typing.Literal:
        return _literal(typing.get_args(base))
    if isinstance(base, type) and issubclass(base, Enum):
        return _enum(base)
    if isinstance(base, type) and issubclass(base, Model):
        return _compile(base)
    if base is str:
        return _text(rules)
    if base is bool:
        return _boolean
    if base is int:
        return _number_check(rules, whole=True)
    if base is float:
        return _number_check(rules, whole=False)
    raise TypeError(f"no lesson check for {tp!r}")  # a programming error in model.py


def _optional(inner: Check) -> Check:
    def check(node: Node, name: str | None, problems: list[Problem]) -> Any:
        if isinstance(node, Scalar) and node.value is None:
            return None
        return inner(node, name, problems)

    return check


def _text(rules: list[Rule]) -> Check:
    min_length = max((r.min_length for r in rules if r.min_length is not None), default=0)
    max_length = min((r.max_length for r in rules if r.max_length is not None), default=None)
    patterns = [(re.compile(r.pattern), r.pattern_hint) for r in rules if r.pattern]

    def check(node: Node, name: str | None, problems: list[Problem]) -> Any:
        value = node.value if isinstance(node, Scalar) else None
        if not isinstance(value, str):
            return _fail(node, name, problems, "must be text")
        value = value.strip()
        if len(value) < min_length:
            return _fail(node, name, problems, "must not be empty")
        if max_length is not None and len(value) > max_length:
            return _fail(node, name, problems, f"must be at most {max_length} characters")
        for pattern, hint in patterns:
            if not pattern.match(value):
                return _fail(node, name, problems, hint or f"must match {pattern.pattern}")
        return value

    return check


def _boolean(node: Node, name: str | None, problems: list[Problem]) -> Any:
    value = node.value if isinstance(node, Scalar) else None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _YES:
        return True
    if isinstance(value, str) and value.strip().lower() in _NO:
        return False
    return _fail(node, name, problems, "must be true or false")


def _number_check(rules: list[Rule], *, whole: bool) -> Check:
    bounds = [
        (bound, test, words)
        for r in rules
        for bound, test, words in (
            (r.ge, lambda v, b: v >= b, "must be at least"),
            (r.gt, lambda v, b: v > b, "must be more than"),
            (r.le, lambda v, b: v <= b, "must be at most"),
            (r.lt, lambda v, b: v < b, "must be less than"),
        )
        if bound is not None
    ]
    custom = next((r.out_of_range for r in rules if r.out_of_range), None)
    kind = "must be a whole number" if whole else "must be a number"

    def check(node: Node, name: str | None, problems: list[Problem]) -> Any:
        value = node.value if isinstance(node, Scalar) else None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return _fail(node, name, problems, kind)
        if whole:
            if isinstance(value, float):
                if not value.is_integer():
                    return _fail(node, name, problems, kind)
                value = int(value)
        else:
            value = float(value)
            if value != value or value in (float("inf"), float("-inf")):
                return _fail(node, name, problems, "must be a finite number")
        for bound, test, words in bounds:
            if not test(value, bound):
                if custom:
                    problems.append(node.problem(custom.format(got=describe(node))))
                    return BAD
                return _fail(node, name, problems, f"{words} {_number(bound)}")
        return value

    return check


def _literal(allowed: tuple[Any, ...]) -> Check:
    wording = f"must be {_one_of(allowed)}"

    def check(node: Node, name: str | None, problems: list[Problem]) -> Any:
        value = node.value if isinstance(node, Scalar) else None
        if isinstance(value, str):
            value = value.strip()
        for choice in allowed:
            if value == choice and type(value) is type(choice):
                return choice
        return _fail(node, name, problems, wording)

    return check


def _enum(enum: type[Enum]) -> Check:
    by_value = {member.value: member for member in enum}
    wording = f"must be {_one_of(by_value)}"

    def check(node: Node, name: str | None, problems: list[Problem]) -> Any:
        value = node.value if isinstance(node, Scalar) else None
        member = by_value.get(value.strip()) if isinstance(value, str) else None
        if member is None:
            return _fail(node, name, problems, wording)
        return member

    return check


def _sequence(item: Check, rules: list[Rule]) -> Check:
    min_items = max((r.min_length for r in rules if r.min_length is not None), default=0)
    max_items = min((r.max_length for r in rules if r.max_length is not None), default=None)

    def check(node: Node, name: str | None, problems: list[Problem]) -> Any:
        if not isinstance(node, Sequence):
            return _fail(node, name, problems, "must be a list")
        count = len(node.items)
        if count < min_items:
            problems.append(
                node.problem(
                    f"{_named(name)} needs at least {_items(min_items)}, "
                    f"got {_items(count) if count else 'an empty list'}"
                )
            )
            return BAD
        if max_items is not None and count > max_items:
            problems.append(
                node.problem(f"{_named(name)} takes at most {_items(max_items)}, got {count}")
            )
            return BAD
        values = [item(child, name, problems) for child in node.items]
        if any(value is BAD for value in values):
            return BAD
        return tuple(values)

    return check


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _literal_or_model(members: tuple[Any, ...]) -> Check:
    """`no: repeat` or `no: {goto: x}`: a word, or a mapping of keys."""
    models = [m for m in members if isinstance(m, type) and issubclass(m, Model)]
    words = [m for m in members if typing.get_origin(m) is typing.Literal]
    if len(models) != 1 or len(words) != 1:
        raise TypeError(f"unsupported union {members!r}")
    as_model = _compile(models[0])
    as_word = _literal(typing.get_args(words[0]))

    def check(node: Node, name: str | None, problems: list[Problem]) -> Any:
        if isinstance(node, Mapping):
            return as_model(node, name, problems)
        return as_word(node, name, problems)

    return check


def _tagged(tag: Tagged, members: tuple[Any, ...]) -> Check:
    by_tag: dict[str, Check] = {}
    for member in members:
        literal = field_types(member)[tag.key]
        (value,) = typing.get_args(unwrap(literal)[0])
        by_tag[value] = _compile(member)
    kinds = ", ".join(by_tag)

    def check(node: Node, name: str | None, problems: list[Problem]) -> Any:
        if not isinstance(node, Mapping):
            problems.append(
                node.problem(
                    f"a {tag.noun} must be a mapping of keys ({tag.example}), got {describe(node)}"
                )
            )
            return BAD
        kind_node = node.get(tag.key)
        kind = tag.default if kind_node is None else kind_node.value
        chosen = by_tag.get(kind) if isinstance(kind, str) else None
        if chosen is None:
            hint = did_you_mean(str(kind), by_tag) or f"; use one of: {kinds}"
            problems.append(node.problem(f"unknown {tag.noun} {tag.key} `{kind}`{hint}"))
            return BAD
        return chosen(node, name, problems)

    return check


_FIELD_CHECKS: dict[tuple[type, str], Check] = {}


def _model_check(cls: type[Model]) -> Check:
    types_ = field_types(cls)
    checks: dict[str, Check] = {}
    for f in fields(cls):
        # A field declared once (StepBase's) is compiled once for every kind inheriting it.
        key = (f.owner, f.name)
        if key not in _FIELD_CHECKS:
            _FIELD_CHECKS[key] = compile_type(types_[f.name])
        checks[f.name] = _FIELD_CHECKS[key]
    required = [f.name for f in fields(cls) if f.required]
    shorthand = cls.SHORTHAND.field if cls.SHORTHAND else None
    known = list(checks)

    def check(node: Node, name: str | None, problems: list[Problem]) -> Any:
        if shorthand and isinstance(node, Scalar) and node.value is not None:
            value = checks[shorthand](node, shorthand, problems)
            return BAD if value is BAD else cls(**{shorthand: value})
        if not isinstance(node, Mapping):
            return _fail(node, name, problems, "must be a mapping of keys")
        values: dict[str, Any] = {}
        ok = True
        for entry in node.entries:
            key = entry.key.value
            field_check = checks.get(key) if isinstance(key, str) else None
            if field_check is None:
                problems.append(
                    entry.key.problem(f"unknown key `{key}`{did_you_mean(str(key), known)}")
                )
                ok = False
                continue
            value = field_check(entry.value, key, problems)
            if value is BAD:
                ok = False
            else:
                values[key] = value
        for missing in required:
            if missing not in values and node.get(missing) is None:
                problems.append(node.problem(f"missing required key `{missing}`"))
                ok = False
        if not ok:
            return BAD
        built = cls(**values)
        broken = built.problems()
        for field_name, message in broken:
            where = node.get(field_name) if field_name else None
            problems.append((where or node).problem(message))
        return BAD if broken else built

    return check
