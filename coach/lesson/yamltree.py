"""YAML text -> plain data plus the place every value came from, refusing abuse.

PyYAML's `compose()` gives nodes with marks (line, column); this module walks
them once, without recursion, into dicts, lists and scalars for the models,
and records where each value sits (`Places`) so a problem found later points
at the exact spot. On the way it refuses what a lesson never needs:

- nesting deeper than `MAX_DEPTH` (checked on the event stream *before*
  composing, so libyaml never recurses deeply);
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


try:  # libyaml is bundled with PyYAML's wheels; the pure parser is the fallback.
    from yaml.cyaml import CParser

    class _Loader(CParser, _CoreResolver):  # type: ignore[misc]
        """libyaml's parser and composer with the core-schema resolver; constructs nothing."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _CoreResolver.__init__(self)

except ImportError:  # pragma: no cover - depends on the build of PyYAML
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Loader(Reader, Scanner, Parser, Composer, _CoreResolver):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            _CoreResolver.__init__(self)


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
    # The containers themselves, so their ids stay theirs while the places are used.
    held: list[Any] = field(default_factory=list)
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


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


def parse(text: str, path: str, budget: Budget | None = None, places: Places | None = None) -> Any:
    """One YAML document as plain data; `places` receives where each value is.

    Returns None for an empty document. Raises `YamlProblem` for anything that
    is not a single, well-formed, safe document within the budget.
    """
    budget = budget if budget is not None else Budget()
    places = places if places is not None else Places()
    root = _compose(text, path, budget)
    if root is None:
        return None
    places.root = place(path, root.start_mark)
    return _Builder(path, budget, places).build(root)


def _compose(text: str, path: str, budget: Budget) -> yaml.Node | None:
    _check_events(text, path, budget)
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(_syntax_problem(exc, path)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(path, 1, 1, f"YAML syntax: {exc}")) from None
    finally:
        loader.dispose()


def _check_events(text: str, path: str, budget: Budget) -> None:
    """Depth, size and document count, read off the event stream in constant memory."""
    parser = _Loader(text)
    depth = 0
    events = 0
    documents = 0
    anchors: set[str] = set()
    try:
        while (event := parser.get_event()) is not None:
            kind = type(event)
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(
                        located(
                            place(path, event.start_mark), f"nested deeper than {MAX_DEPTH} levels"
                        )
                    )
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                depth -= 1
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    message = "a lesson file holds one YAML document, found a second"
                    raise YamlProblem(located(place(path, event.start_mark), message))
            elif kind is yaml.AliasEvent and event.anchor not in anchors:
                message = f"unknown alias *{quote(event.anchor)[1:-1]}"
                raise YamlProblem(located(place(path, event.start_mark), message))
            if getattr(event, "anchor", None) is not None and kind is not yaml.AliasEvent:
                anchors.add(event.anchor)
            events += 1
            if events > budget.nodes * 2 + 8:  # a node is at most two events
                raise YamlProblem(_too_big(place(path, event.start_mark)))
    except yaml.MarkedYAMLError as exc:
        raise YamlProblem(_syntax_problem(exc, path)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(path, 1, 1, f"YAML syntax: {exc}")) from None
    finally:
        parser.dispose()


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or exc.context or "malformed YAML"
    undefined = re.fullmatch(r"found undefined alias '?([^']*)'?", message)
    if undefined:
        return located(place(path, mark), f"unknown alias *{undefined.group(1)}")
    if message.startswith("expected a single document"):
        return located(place(path, mark), "a lesson file holds one YAML document, found a second")
    return located(place(path, mark), f"YAML syntax: {message}")


def _too_big(where: Place) -> Problem:
    return located(
        where,
        f"the lesson holds more than {MAX_NODES:,} values with its includes"
        " (aliases repeated too often?)",
    )


class _Builder:
    """Composed nodes -> data, with a loop and a memo so a shared node is built once."""

    def __init__(self, path: str, budget: Budget, places: Places) -> None:
        self.path = path
        self.budget = budget
        self.places = places
        self.built: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}  # expanded size of each built collection
        self.open: set[int] = set()  # collections whose children are being built

    def spend(self, node: yaml.Node, count: int) -> None:
        self.budget.nodes -= count
        if self.budget.nodes < 0:
            raise YamlProblem(_too_big(place(self.path, node.start_mark)))

    def build(self, root: yaml.Node) -> Any:
        work: list[tuple[yaml.Node, bool]] = [(root, False)]
        while work:
            node, children_done = work.pop()
            if id(node) in self.built:
                self.spend(node, self.sizes.get(id(node), 1))  # an alias: counted as expanded
                continue
            if isinstance(node, yaml.ScalarNode):
                self.spend(node, 1)
                self.built[id(node)] = self.scalar(node)
                continue
            if not children_done:
                if id(node) in self.open:
                    where = place(self.path, node.start_mark)
                    raise YamlProblem(located(where, "an alias refers to a value that holds it"))
                self.open.add(id(node))
                self.check_tag(node, _MAP if isinstance(node, yaml.MappingNode) else _SEQ)
                work.append((node, True))
                for child in reversed(self.children(node)):
                    work.append((child, False))
                continue
            self.open.discard(id(node))
            self.spend(node, 1)
            self.built[id(node)] = (
                self.mapping(node) if isinstance(node, yaml.MappingNode) else self.sequence(node)
            )
            self.sizes[id(node)] = 1 + sum(self.sizes.get(id(c), 1) for c in self.children(node))
        return self.built[id(root)]

    @staticmethod
    def children(node: yaml.Node) -> list[yaml.Node]:
        if isinstance(node, yaml.MappingNode):
            return [value for _key, value in node.value]
        return list(node.value)

    def check_tag(self, node: yaml.Node, allowed: str) -> None:
        if node.tag != allowed:
            where = place(self.path, node.start_mark)
            raise YamlProblem(
                located(where, f"tag {_tag_name(node.tag)} is not allowed in a lesson")
            )

    def sequence(self, node: yaml.SequenceNode) -> list[Any]:
        items = [self.built[id(child)] for child in node.value]
        self.places.items[id(items)] = [place(self.path, child.start_mark) for child in node.value]
        self.places.held.append(items)
        return items

    def mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        data: dict[str, Any] = {}
        where: dict[str, tuple[Place, Place]] = {}
        merged: set[str] = set()
        self.spend(node, len(node.value))  # the keys
        for key_node, value_node in node.value:
            key_place = place(self.path, key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(
                    located(key_place, "a key must be a plain word, not a list or mapping")
                )
            value_place = place(self.path, value_node.start_mark)
            value = self.built[id(value_node)]
            if key_node.tag == _MERGE:
                self.merge(key_node, value_node, value, data, where, merged)
                continue
            if key_node.tag not in (_STR, _NULL, _BOOL, _INT, _FLOAT):
                self.scalar(key_node)  # refuses the tag
            key = key_node.value.strip()
            if key in data and key not in merged:
                first = where[key][0][1]
                raise YamlProblem(
                    located(key_place, f"duplicate key `{key}` (first at line {first})")
                )
            merged.discard(key)
            data[key] = value
            where[key] = (key_place, value_place)
        self.places.keys[id(data)] = where
        self.places.held.append(data)
        return data

    def merge(
        self,
        key_node: yaml.Node,
        value_node: yaml.Node,
        value: Any,
        data: dict[str, Any],
        where: dict[str, tuple[Place, Place]],
        merged: set[str],
    ) -> None:
        """`<<: *base` (or a list of them): keys not written here come from the sources."""
        self.budget.merges -= 1
        if self.budget.merges < 0:
            message = f"more than {MAX_MERGES} merge keys (<<) in one lesson"
            raise YamlProblem(located(place(self.path, key_node.start_mark), message))
        sources = [value] if isinstance(value, dict) else value
        if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources):
            message = "a merge key (<<) takes mappings only"
            raise YamlProblem(located(place(self.path, value_node.start_mark), message))
        for source in sources:
            self.spend(value_node, len(source))  # the copied entries are new values
            for key, item in source.items():
                if key not in data:
                    data[key] = item
                    where[key] = self.places.keys[id(source)][key]
                    merged.add(key)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        text = node.value
        tag = node.tag
        if tag in (_STR, _MERGE):
            return text.strip()
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return text.lower() == "true"
        if tag in (_INT, _FLOAT):
            return self.number(node, tag)
        where = place(self.path, node.start_mark)
        raise YamlProblem(located(where, f"tag {_tag_name(tag)} is not allowed in a lesson"))

    def number(self, node: yaml.ScalarNode, tag: str) -> int | float:
        text = node.value.strip()
        where = place(self.path, node.start_mark)
        if len(text) > MAX_NUMBER_CHARS:
            message = f"number {quote(text)} is too long for a lesson"
            raise YamlProblem(located(where, message))
        try:
            if tag == _INT:
                sign = -1 if text.startswith("-") else 1
                digits = text.lstrip("+-")
                base = {"0x": 16, "0o": 8}.get(digits[:2].lower(), 10)
                return sign * int(digits[2:] if base != 10 else digits, base)
            lowered = text.lower()
            if lowered.endswith((".inf", ".nan")):
                return (
                    math.copysign(math.inf, -1 if text.startswith("-") else 1)
                    if "inf" in lowered
                    else math.nan
                )
            return float(text)
        except ValueError:
            raise YamlProblem(
                located(where, f"cannot read {quote(text)} as {_tag_name(tag)}")
            ) from None
