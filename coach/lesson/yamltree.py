"""YAML text -> plain data plus the place every value came from, refusing abuse.

This module walks PyYAML's event stream once, with a stack and no recursion,
into dicts, lists and scalars for the models, and records where each value
was written (`Places`), so a problem found later points at the exact spot.
(Composing nodes with `yaml.compose()` and walking them was measured first:
a second pass to bound the depth before libyaml recurses, and a node object
with two marks per value, made a 10,000-step lesson take 8 s instead of 0.7 s.)
On the way it refuses what a lesson never needs:

- nesting deeper than `MAX_DEPTH`;
- more values than the lesson's `Budget` allows, aliases and merge keys
  (`<<`) counted as expanded, so a "billion laughs" or a chain of merges is
  refused in linear time and bounded memory;
- duplicate keys (PyYAML keeps the last one silently), keys that are not words;
- any tag but the YAML core ones (`!!python/...` is an error, never code);
- numbers longer than `MAX_NUMBER_CHARS` (huge hex, octal or decimal ints).

Scalars resolve as YAML 1.2's core schema: only `true`/`false` are booleans
(`no: continue` stays a word, as meant), `1:30` is text, not sexagesimal.
Keys are always the text written (`12:`, `true:`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.resolver import BaseResolver

from coach.errors import Problem

MAX_BYTES = 8 * 1024 * 1024  # per lesson, all its includes together
MAX_DEPTH = 64
MAX_NODES = 300_000  # values per lesson, all includes and expanded aliases together
MAX_MERGES = 200  # merge keys (`<<`) per lesson
MAX_NUMBER_CHARS = 32
QUOTE_CHARS = 40  # how much of a value a message quotes

Place = tuple[str, int, int]  # path, line, column (1-based)

_CORE = "tag:yaml.org,2002:"
_NULL, _BOOL, _INT, _FLOAT = (_CORE + t for t in ("null", "bool", "int", "float"))
_STR, _MAP, _SEQ, _MERGE = (_CORE + t for t in ("str", "map", "seq", "merge"))
_SCALAR_TAGS = (_STR, _NULL, _BOOL, _INT, _FLOAT)


class YamlProblem(Exception):
    """Raised with the one problem that makes a file unreadable as a lesson."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema: what a plain scalar means, decided by its text."""


for _tag, _pattern, _first in (
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (_INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        _FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    (_MERGE, r"^<<$", "<"),
):
    _CoreResolver.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
_resolver = _CoreResolver()
# First characters some implicit type (number, bool, null) can start with; other text is text.
_FIRST_CHARS = frozenset(k for k in _CoreResolver.yaml_implicit_resolvers if k)


try:  # libyaml is bundled with PyYAML's wheels; the pure parser is the fallback.
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on the build of PyYAML
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


@dataclass
class Budget:
    """What one lesson may still read, shared by the lesson and all its includes."""

    nodes: int = MAX_NODES
    merges: int = MAX_MERGES
    bytes: int = MAX_BYTES


@dataclass
class Places:
    """Where each value was written: by the id of its dict or list, a place per key or item.

    `keys[id(mapping)][key]` is (where the key is, where its value is);
    `items[id(sequence)][i]` is where item i is.
    """

    keys: dict[int, dict[str, tuple[Place, Place]]] = field(default_factory=dict)
    items: dict[int, list[Place]] = field(default_factory=dict)
    root: Place | None = None  # where the document's value starts


def place(path: str, mark: Any) -> Place:
    return (path, mark.line + 1, mark.column + 1) if mark is not None else (path, 1, 1)


def located(where: Place, message: str) -> Problem:
    return Problem(where[0], where[1], where[2], message)


def quote(value: Any) -> str:
    """A value as a message shows it: `'deep'`, `5`, `a mapping`; never more than a line."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 3] + "..."


def clip(text: str) -> str:
    """The start of a name taken from a file, short enough for a one-line message."""
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 3] + "..."


def _tag_name(tag: str) -> str:
    return clip("!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag)


def parse(text: str, path: str, budget: Budget | None = None, places: Places | None = None) -> Any:
    """One YAML document as plain data; `places` receives where each value is.

    Returns None for an empty document. Raises `YamlProblem` for anything that
    is not a single, well-formed, safe document within the budget.
    """
    budget = budget if budget is not None else Budget()
    reader = _Reader(path, budget, places if places is not None else Places())
    loader = _Parser(text)
    try:
        while (event := loader.get_event()) is not None:
            if reader.take(event):
                break
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(_syntax_problem(exc, path)) from None
    except yaml.reader.ReaderError as exc:
        offset = exc.position
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        message = f"YAML syntax: character U+{exc.character:04X} is not allowed in YAML"
        raise YamlProblem(Problem(path, line, col, message)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(path, 1, 1, f"YAML syntax: {quote(str(exc))}")) from None
    finally:
        loader.dispose()
    return reader.root


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or exc.context or "malformed YAML"
    return located(place(path, mark), f"YAML syntax: {message}")


class _Frame:
    """A mapping or list being read: its data, where its parts are, its expanded size."""

    __slots__ = ("anchor", "data", "key", "merged", "size", "start", "waiting", "where")

    def __init__(self, data: dict[str, Any] | list[Any], anchor: str | None, start: Place) -> None:
        self.data = data
        self.anchor = anchor
        self.start = start
        self.where: dict[str, tuple[Place, Place]] | list[Place] = (
            {} if isinstance(data, dict) else []
        )
        self.waiting = False  # a mapping's key was read, its value not yet
        self.key: tuple[str | None, Place] = ("", start)  # None for a merge key (<<)
        self.merged: set[str] = set()
        self.size = 1


class _Reader:
    """Builds data from PyYAML's event stream with a stack, never recursing.

    An anchored value is built once and shared by its aliases; each alias
    spends the anchored value's expanded size from the budget, so a "billion
    laughs" is refused after reading a few lines.
    """

    def __init__(self, path: str, budget: Budget, places: Places) -> None:
        self.path = path
        self.budget = budget
        self.places = places
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}  # value and expanded size
        self.open_anchors: set[str] = set()
        self.documents = 0
        self.root: Any = None

    def problem(self, event: Any, message: str) -> YamlProblem:
        return YamlProblem(located(place(self.path, event.start_mark), message))

    def spend(self, event: Any, count: int) -> None:
        self.budget.nodes -= count
        if self.budget.nodes < 0:
            raise self.problem(
                event,
                f"the lesson holds more than {MAX_NODES:,} values with its includes"
                " (aliases repeated too often?)",
            )

    def take(self, event: Any) -> bool:
        """Read one event; True at the end of the stream."""
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self.spend(event, 1)
            if self.stack and isinstance(self.stack[-1].data, dict) and not self.stack[-1].waiting:
                self.key(event)
            else:
                value = self.scalar(event)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
                self.add(event, value, 1)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self.start(event, kind is yaml.MappingStartEvent)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self.end(event)
        elif kind is yaml.AliasEvent:
            self.alias(event)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise self.problem(event, "a lesson file holds one YAML document, found a second")
        return kind is yaml.StreamEndEvent

    def start(self, event: Any, is_map: bool) -> None:
        self.spend(event, 1)
        if self.stack and isinstance(self.stack[-1].data, dict) and not self.stack[-1].waiting:
            raise self.problem(event, "a key must be a plain word, not a list or mapping")
        if len(self.stack) >= MAX_DEPTH:
            raise self.problem(event, f"nested deeper than {MAX_DEPTH} levels")
        if event.tag not in (None, "!", _MAP if is_map else _SEQ):
            raise self.problem(event, f"tag {_tag_name(event.tag)} is not allowed in a lesson")
        frame = _Frame({} if is_map else [], event.anchor, place(self.path, event.start_mark))
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        self.stack.append(frame)

    def end(self, event: Any) -> None:
        frame = self.stack.pop()
        if isinstance(frame.data, dict):
            self.places.keys[id(frame.data)] = frame.where  # type: ignore[assignment]
        else:
            self.places.items[id(frame.data)] = frame.where  # type: ignore[assignment]
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.data, frame.size)
        self.add_at(frame.start, frame.data, frame.size)

    def alias(self, event: Any) -> None:
        if event.anchor in self.open_anchors:
            raise self.problem(event, "an alias refers to a value that holds it")
        if event.anchor not in self.anchors:
            raise self.problem(event, f"unknown alias *{quote(event.anchor)[1:-1]}")
        if self.stack and isinstance(self.stack[-1].data, dict) and not self.stack[-1].waiting:
            raise self.problem(event, "a key must be a plain word, not an alias")
        value, size = self.anchors[event.anchor]
        self.spend(event, size)
        self.add(event, value, size)

    def add(self, event: Any, value: Any, size: int) -> None:
        self.add_at(place(self.path, event.start_mark), value, size)

    def add_at(self, where: Place, value: Any, size: int) -> None:
        if not self.stack:
            self.root = value
            self.places.root = where
            return
        frame = self.stack[-1]
        frame.size += size
        if isinstance(frame.data, list):
            frame.data.append(value)
            frame.where.append(where)  # type: ignore[union-attr]
            return
        key, key_place = frame.key
        frame.waiting = False
        if key is None:
            self.merge(frame, value, where)
            return
        if key in frame.data and key not in frame.merged:
            first = frame.where[key][0][1]  # type: ignore[call-overload]
            message = f"duplicate key `{clip(key)}` (first at line {first})"
            raise YamlProblem(located(key_place, message))
        frame.merged.discard(key)
        frame.data[key] = value  # type: ignore[call-overload]
        frame.where[key] = (key_place, where)  # type: ignore[call-overload]

    def key(self, event: Any) -> None:
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _SCALAR_TAGS:
            raise self.problem(event, f"tag {_tag_name(tag)} is not allowed in a lesson")
        text = event.value
        is_merge = event.implicit[0] and text == "<<" and tag is None
        self.stack[-1].key = (
            None if is_merge else text.strip(),
            place(self.path, event.start_mark),
        )
        self.stack[-1].waiting = True

    def merge(self, frame: _Frame, value: Any, where: Place) -> None:
        """`<<: *base` (or a list of them): keys not written here come from the sources."""
        self.budget.merges -= 1
        if self.budget.merges < 0:
            message = f"more than {MAX_MERGES} merge keys (<<) in one lesson"
            raise YamlProblem(located(where, message))
        sources = [value] if isinstance(value, dict) else value
        if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources):
            raise YamlProblem(located(where, "a merge key (<<) takes mappings only"))
        data: dict[str, Any] = frame.data  # type: ignore[assignment]
        for source in sources:
            self.budget.nodes -= len(source)  # the copied entries are new values
            if self.budget.nodes < 0:
                raise YamlProblem(
                    located(where, f"the lesson holds more than {MAX_NODES:,} values")
                )
            for key, item in source.items():
                if key not in data:
                    data[key] = item
                    frame.where[key] = self.places.keys[id(source)][key]  # type: ignore[call-overload]
                    frame.merged.add(key)

    def scalar(self, event: Any) -> Any:
        text = event.value
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0] or (text and text[0] not in _FIRST_CHARS):
                return text.strip()  # quoted, or plain text no other type can start with
            tag = _resolver.resolve(yaml.ScalarNode, text, event.implicit)
        if tag == _STR:
            return text.strip()
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return text.strip().lower() == "true"
        if tag in (_INT, _FLOAT):
            return self.number(event, tag)
        raise self.problem(event, f"tag {_tag_name(tag)} is not allowed in a lesson")

    def number(self, event: Any, tag: str) -> int | float:
        text = event.value.strip()
        if len(text) > MAX_NUMBER_CHARS:
            raise self.problem(event, f"number {quote(text)} is too long for a lesson")
        try:
            if tag == _INT:
                sign = -1 if text.startswith("-") else 1
                digits = text.lstrip("+-")
                base = {"0x": 16, "0o": 8}.get(digits[:2].lower(), 10)
                return sign * int(digits[2:] if base != 10 else digits, base)
            lowered = text.lower()
            if lowered.endswith(".nan"):
                return math.nan
            if lowered.endswith(".inf"):
                return -math.inf if text.startswith("-") else math.inf
            return float(text)
        except ValueError:
            raise self.problem(event, f"cannot read {quote(text)} as {_tag_name(tag)}") from None
