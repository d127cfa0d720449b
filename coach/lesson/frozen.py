"""Frozen, keyword-only value classes declared by annotations, with no generated code.

Why this exists: `dataclasses` compiles three to six functions per class with
`exec`; for the lesson format's eighteen classes that was most of the time
spent importing it, paid by every `coach run` and `coach validate`. Here all
classes share one `__init__`, `__eq__`, `__hash__` and `__repr__`, driven by a
table built once per class from its annotations. Type checkers see them as
frozen keyword-only dataclasses (`dataclass_transform`).
"""

from __future__ import annotations

import inspect
import sys
from dataclasses import FrozenInstanceError
from typing import Any, ClassVar, dataclass_transform

MISSING: Any = object()


class Field:
    """One declared field: its name, the class that declared it, its annotation text."""

    __slots__ = ("annotation", "default", "name", "owner")

    def __init__(self, name: str, owner: type, annotation: Any, default: Any) -> None:
        self.name = name
        self.owner = owner
        self.annotation = annotation
        self.default = default

    @property
    def required(self) -> bool:
        return self.default is MISSING


@dataclass_transform(kw_only_default=True, frozen_default=True)
class Frozen:
    """Subclass and annotate; a class attribute of the same name is the default."""

    _fields_: ClassVar[dict[str, Field]] = {}
    _defaults_: ClassVar[dict[str, Any]] = {}
    _required_: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        table = dict(cls._fields_)
        for name, annotation in inspect.get_annotations(cls).items():
            text = annotation if isinstance(annotation, str) else ""
            if text.startswith(("ClassVar", "typing.ClassVar")):
                continue
            table[name] = Field(name, cls, annotation, cls.__dict__.get(name, MISSING))
        cls._fields_ = table
        cls._defaults_ = {n: f.default for n, f in table.items() if not f.required}
        cls._required_ = frozenset(n for n, f in table.items() if f.required)

    def __init__(self, **values: Any) -> None:
        cls = type(self)
        unknown = values.keys() - cls._fields_.keys()
        missing = cls._required_ - values.keys()
        if unknown or missing:
            wrong = [f"unexpected {', '.join(sorted(unknown))}"] if unknown else []
            wrong += [f"missing {', '.join(sorted(missing))}"] if missing else []
            raise TypeError(f"{cls.__name__}(): {'; '.join(wrong)}")
        state = self.__dict__
        state.update(cls._defaults_)
        state.update(values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self) -> tuple[Any, ...]:
        state = self.__dict__
        return tuple(state[name] for name in type(self)._fields_)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        state = self.__dict__
        shown = ", ".join(f"{name}={state[name]!r}" for name in type(self)._fields_)
        return f"{type(self).__name__}({shown})"


def fields(cls: type[Frozen]) -> list[Field]:
    return list(cls._fields_.values())


_TYPES: dict[tuple[type, str], Any] = {}


def field_types(cls: type[Frozen]) -> dict[str, Any]:
    """Each field's evaluated annotation, `Annotated` extras included.

    Every annotation is evaluated once, in the module of the class that
    declared it, however many subclasses inherit it.
    """
    types: dict[str, Any] = {}
    for field in cls._fields_.values():
        key = (field.owner, field.name)
        if key not in _TYPES:
            annotation = field.annotation
            if isinstance(annotation, str):
                namespace = vars(sys.modules[field.owner.__module__])
                annotation = eval(annotation, namespace)
            _TYPES[key] = annotation
        types[field.name] = _TYPES[key]
    return types


def as_data(value: Any) -> Any:
    """Plain data (dicts, lists, scalars) from a value holding frozen objects."""
    if isinstance(value, Frozen):
        return {name: as_data(value.__dict__[name]) for name in type(value)._fields_}
    if isinstance(value, tuple | list):
        return [as_data(item) for item in value]
    return value
