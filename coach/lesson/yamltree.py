"""A YAML reader that remembers where every value came from, and refuses abuse.

We build our own node tree from PyYAML's event stream instead of calling
`yaml.safe_load`, for four reasons:

- every key and value keeps its file, line and column, so a problem found
  later (by the model checks, or a cross-reference check) points at the exact spot;
- duplicate keys are errors (PyYAML silently keeps the last one);
- the stream is walked with a loop, not recursion, so 10,000-deep nesting is a
  clear message rather than a `RecursionError`;
- alias expansion is measured before anything is expanded, so a
  "billion laughs" document is refused in linear time and bounded memory.

Scalars are resolved with PyYAML's *safe* resolver and constructor only, so a
`!!python/object` tag is an error, never code.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import Resolver

from coach.errors import Problem
from coach.lesson.frozen import Frozen, as_data

try:  # libyaml is bundled with PyYAML's wheels; the pure parser is the fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the build of PyYAML
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 2_000_000

_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"


class YamlProblem(Exception):
    """Raised with the one problem that makes a file unreadable as YAML."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


# Plain classes with slots: a big lesson has hundreds of thousands of nodes, and
# generated dataclass code cost more at import than the small files take to read.
class Node:
    __slots__ = ("col", "line", "path")

    def __init__(self, path: str, line: int, col: int) -> None:
        self.path = path
        self.line = line
        self.col = col

    def problem(self, message: str) -> Problem:
        return Problem(self.path, self.line, self.col, message)


class Scalar(Node):
    __slots__ = ("raw", "value")

    def __init__(self, path: str, line: int, col: int, value: Any = None, raw: str = "") -> None:
        self.path = path
        self.line = line
        self.col = col
        self.value = value
        self.raw = raw


class Entry:
    __slots__ = ("key", "value")

    def __init__(self, key: Scalar, value: Node) -> None:
        self.key = key
        self.value = value


class Mapping(Node):
    __slots__ = ("entries", "merged")

    def __init__(self, path: str, line: int, col: int, entries: list[Entry] | None = None) -> None:
        self.path = path
        self.line = line
        self.col = col
        self.entries: list[Entry] = [] if entries is None else entries
        self.merged: set[Any] = set()

    def get(self, key: str) -> Node | None:
        for entry in self.entries:
            if entry.key.value == key:
                return entry.value
        return None

    def key_node(self, key: str) -> Scalar | None:
        for entry in self.entries:
            if entry.key.value == key:
                return entry.key
        return None


class Sequence(Node):
    __slots__ = ("items",)

    def __init__(self, path: str, line: int, col: int, items: list[Node] | None = None) -> None:
        self.path = path
        self.line = line
        self.col = col
        self.items: list[Node] = [] if items is None else items


class _CoreResolver(Resolver):
    """YAML 1.2 booleans: only true/false. `no: continue` stays a word, as meant."""


_BOOL_TAG = "tag:yaml.org,2002:bool"
_CoreResolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _CoreResolver.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, (_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
    )

_resolver = _CoreResolver()
# First characters some implicit type (number, bool, null, timestamp...) can start with.
_FIRST_CHARS = frozenset(k for k in _CoreResolver.yaml_implicit_resolvers if k)
assert None not in _CoreResolver.yaml_implicit_resolvers  # no resolver for every value
_constructor = SafeConstructor()


def _mark(path: str, mark: Any) -> tuple[int, int]:
    if mark is None:
        return 1, 1
    return mark.line + 1, mark.column + 1


def _tag_name(tag: str) -> str:
    return (
        "!!" + tag.removeprefix("tag:yaml.org,2002:")
        if tag.startswith("tag:yaml.org,2002:")
        else tag
    )


def _scalar(path: str, event: yaml.ScalarEvent) -> Scalar:
    mark = event.start_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    tag = event.tag
    if tag is None or tag == "!":
        value = event.value
        plain = event.implicit[0]
        if not plain or (value and value[0] not in _FIRST_CHARS):
            # What the resolver would decide, without its regular expressions:
            # quoted text, and plain text no implicit type can start with, is text.
            return Scalar(path, line, col, value, value)
        tag = _resolver.resolve(yaml.ScalarNode, value, event.implicit)
    if tag == _STR_TAG:  # most of a lesson: no conversion to make
        return Scalar(path, line, col, event.value, event.value)
    if tag == _MERGE_TAG:
        return Scalar(path, line, col, "<<", event.value)
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        value = _constructor.construct_object(node, deep=True)
        # The constructor remembers every node it built; drop them, or they pile up.
        _constructor.constructed_objects.clear()
    except ConstructorError as exc:
        raise YamlProblem(
            Problem(path, line, col, f"tag {_tag_name(tag)} is not allowed in a lesson")
        ) from exc
    except (ValueError, TypeError, OverflowError) as exc:
        raise YamlProblem(
            Problem(path, line, col, f"cannot read {event.value!r} as {_tag_name(tag)}")
        ) from exc
    if isinstance(value, bytes | set) or type(value).__module__ == "datetime":
        # Binary, sets and timestamps have no meaning in a lesson; keep their text.
        value = event.value
    return Scalar(path, line, col, value, event.value)


def _check_collection_tag(path: str, event: Any, allowed: str) -> None:
    if event.tag not in (None, "!", allowed):
        line, col = _mark(path, event.start_mark)
        raise YamlProblem(
            Problem(path, line, col, f"tag {_tag_name(event.tag)} is not allowed in a lesson")
        )


def parse(text: str, path: str) -> Node | None:
    """Parse one YAML document into a position-carrying tree.

    Returns None for an empty document. Raises `YamlProblem` for anything that
    is not a single, well-formed, safe document.
    """
    return _parse(text, path)


def _parse(text: str, path: str) -> Node | None:
    anchors: dict[str, Node] = {}
    stack: list[tuple[Node, list[Any]]] = []  # (container, pending key holder)
    root: Node | None = None
    documents = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent, pending = stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
            return
        assert isinstance(parent, Mapping)
        if not pending:
            if not isinstance(node, Scalar):
                raise YamlProblem(node.problem("a key must be a plain word, not a list or mapping"))
            # Keys are names: `12:` or `null:` mean the text the author typed.
            pending.append(Scalar(node.path, node.line, node.col, node.raw, node.raw))
            return
        key = pending.pop()
        _add_entry(parent, key, node)

    aliases = 0
    nodes = 0
    loader = _Loader(text)
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                nodes += 1
                node = _scalar(path, event)
                if event.anchor:
                    anchors[event.anchor] = node
                attach(node)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                nodes += 1
                is_map = kind is yaml.MappingStartEvent
                _check_collection_tag(path, event, _MAP_TAG if is_map else _SEQ_TAG)
                line, col = _mark(path, event.start_mark)
                if len(stack) >= MAX_DEPTH:
                    raise YamlProblem(
                        Problem(path, line, col, f"nested deeper than {MAX_DEPTH} levels")
                    )
                container: Node = Mapping(path, line, col) if is_map else Sequence(path, line, col)
                if event.anchor:
                    anchors[event.anchor] = container
                attach(container)
                stack.append((container, []))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.AliasEvent:
                aliases += 1
                line, col = _mark(path, event.start_mark)
                if event.anchor not in anchors:
                    raise YamlProblem(Problem(path, line, col, f"unknown alias *{event.anchor}"))
                attach(anchors[event.anchor])
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line, col = _mark(path, event.start_mark)
                    raise YamlProblem(
                        Problem(
                            path, line, col, "a lesson file holds one YAML document, found a second"
                        )
                    )
            elif kind is yaml.StreamEndEvent or event is None:
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _mark(path, mark)
        message = exc.problem or exc.context or "malformed YAML"
        raise YamlProblem(Problem(path, line, col, f"YAML syntax: {message}")) from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(path, 1, 1, f"YAML syntax: {exc}")) from exc
    finally:
        loader.dispose()

    if root is not None:
        # Without aliases nothing is shared: the tree holds exactly the nodes read.
        size = expanded_size(root) if aliases else nodes
        if size > MAX_NODES:
            raise YamlProblem(
                root.problem(
                    f"the document expands to more than {MAX_NODES:,} values"
                    " (aliases repeated too often?)"
                )
            )
    return root


def _add_entry(parent: Mapping, key: Scalar, value: Node) -> None:
    if key.value == "<<" and isinstance(value, Mapping | Sequence):
        sources = [value] if isinstance(value, Mapping) else list(value.items)
        for source in sources:
            if not isinstance(source, Mapping):
                raise YamlProblem(source.problem("a merge key (<<) takes mappings only"))
            for entry in source.entries:
                if parent.get(entry.key.value) is None:
                    parent.entries.append(entry)
                    parent.merged.add(entry.key.value)
        return
    for index, existing in enumerate(parent.entries):
        if existing.key.value != key.value:
            continue
        if key.value in parent.merged:
            # An explicit key overrides one that came in through a merge (<<).
            parent.merged.discard(key.value)
            parent.entries[index] = Entry(key, value)
            return
        raise YamlProblem(
            key.problem(f"duplicate key `{key.value}` (first at line {existing.key.line})")
        )
    parent.entries.append(Entry(key, value))


def expanded_size(root: Node) -> int:
    """How many values the tree holds once every alias is expanded.

    Computed bottom-up with memoisation, so it is linear in the number of
    distinct nodes even when the expanded size is astronomically large.
    """
    sizes: dict[int, int] = {}
    order: list[Node] = []
    seen: set[int] = set()
    work: list[tuple[Node, bool]] = [(root, False)]
    while work:
        node, done = work.pop()
        if done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        work.append((node, True))
        for child in _children(node):
            if id(child) not in seen:
                work.append((child, False))
    for node in order:
        total = 1
        for child in _children(node):
            total += sizes.get(id(child), 1)
            if total > MAX_NODES:
                total = MAX_NODES + 1
                break
        sizes[id(node)] = total
    return sizes[id(root)]


def _children(node: Node) -> list[Node]:
    if isinstance(node, Mapping):
        return [entry.value for entry in node.entries]
    if isinstance(node, Sequence):
        return node.items
    return []


def to_python(node: Node | None) -> Any:
    """Plain Python data (dicts, lists, scalars) from a tree, without recursion."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return node.value
    memo: dict[int, Any] = {}
    work: list[tuple[Node, bool]] = [(node, False)]
    while work:
        current, ready = work.pop()
        if id(current) in memo and not ready:
            continue
        if isinstance(current, Scalar):
            memo[id(current)] = current.value
            continue
        children = _children(current)
        if not ready:
            work.append((current, True))
            work.extend((child, False) for child in children if id(child) not in memo)
            continue
        if isinstance(current, Mapping):
            memo[id(current)] = {
                entry.key.value: memo[id(entry.value)] for entry in current.entries
            }
        else:
            memo[id(current)] = [memo[id(child)] for child in children]
    return memo[id(node)]


def from_python(value: Any, path: str = "<data>") -> Node:
    """A tree from plain Python data, for lessons built in code (tests, generators).

    Every node is placed at 1:1 of `path`; data built in code has no lines.
    Built models inside the data count as the mappings they were built from.
    """
    if isinstance(value, Frozen):
        value = as_data(value)
    if isinstance(value, dict):
        entries = [Entry(Scalar(path, 1, 1, k), from_python(v, path)) for k, v in value.items()]
        return Mapping(path, 1, 1, entries)
    if isinstance(value, list | tuple):
        return Sequence(path, 1, 1, [from_python(item, path) for item in value])
    return Scalar(path, 1, 1, value)


def read_text(raw: bytes, path: str) -> str:
    """Decode a lesson file's bytes, refusing what cannot be a lesson."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(
            Problem(
                path,
                1,
                1,
                f"file is {len(raw) / 1024 / 1024:.1f} MiB; a lesson may be at most "
                f"{MAX_BYTES // 1024 // 1024} MiB",
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            Problem(path, line, col, f"not UTF-8 text (byte 0x{raw[exc.start]:02x})")
        ) from exc
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise YamlProblem(Problem(path, line, col, "a NUL byte: this looks like a binary file"))
    return text
