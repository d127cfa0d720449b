"""YAML file -> `Lesson`, or every problem as `path:line:col: message`.

The loader runs in three passes over one position-carrying tree
(`yamltree`): resolve `include:` fragments, check cross-references (ids,
goto targets, roles) directly on the tree, then validate with pydantic and map
each pydantic error back to the YAML node it is about. All problems of all
passes are reported together, so an author fixes a file in one round.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from coach.errors import LessonError, Problem
from coach.lesson import model as m
from coach.lesson.yamltree import (
    Mapping,
    Node,
    Scalar,
    Sequence,
    YamlProblem,
    parse,
    read_text,
    to_python,
)

MAX_INCLUDE_DEPTH = 8


def load_lesson(path: str | Path) -> m.Lesson:
    """Load and validate one lesson file. Raises `LessonError` with every problem."""
    path = Path(path)
    return load_lesson_text(_read_bytes(path), display_path(path), base_dir=path.parent)


def load_lesson_text(
    raw: bytes | str, path: str = "<lesson>", base_dir: Path | None = None
) -> m.Lesson:
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    try:
        root = parse(read_text(raw, path), path)
    except YamlProblem as exc:
        raise LessonError([exc.problem]) from None
    if root is None:
        raise LessonError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "the file is empty; a lesson needs id, title, summary, minutes and sections",
                )
            ]
        )
    if not isinstance(root, Mapping):
        raise LessonError(
            [root.problem("a lesson is a mapping of keys (id:, title:, sections: ...)")]
        )

    problems: list[Problem] = []
    if base_dir is not None:
        _resolve_includes(root, base_dir, problems, chain=(path,))
    problems.extend(check_references(root))
    try:
        lesson = m.Lesson.model_validate(to_python(root))
    except ValidationError as exc:
        problems.extend(_map_validation_errors(root, exc))
        lesson = None
    if problems:
        raise LessonError(problems)
    assert lesson is not None
    return lesson


def display_path(path: Path) -> str:
    """A path as a person typed it, relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


def _read_bytes(path: Path) -> bytes:
    shown = display_path(path)
    try:
        size = path.stat().st_size
        from coach.lesson.yamltree import MAX_BYTES

        if size > MAX_BYTES:
            raise LessonError(
                [
                    Problem(
                        shown,
                        1,
                        1,
                        f"file is {size / 1024 / 1024:.1f} MiB; a lesson may be at "
                        f"most {MAX_BYTES // 1024 // 1024} MiB",
                    )
                ]
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise LessonError([Problem(shown, 1, 1, "no such file")]) from None
    except IsADirectoryError:
        raise LessonError([Problem(shown, 1, 1, "is a folder, not a lesson file")]) from None
    except PermissionError:
        raise LessonError([Problem(shown, 1, 1, "permission denied")]) from None
    except OSError as exc:
        raise LessonError([Problem(shown, 1, 1, f"cannot read: {exc.strerror or exc}")]) from None


# --- includes -----------------------------------------------------------------


def _resolve_includes(
    node: Node, base_dir: Path, problems: list[Problem], chain: tuple[str, ...]
) -> None:
    """Splice `- include: parts/x.yaml` items into the sequences that hold them.

    A fragment holds one mapping (one item) or a list (several items). Paths
    are relative to the including file and may not leave its folder: lessons
    are shared, and an include must not read arbitrary files.
    """
    work: list[Node] = [node]
    seen: set[int] = set()
    while work:
        current = work.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, Mapping):
            work.extend(entry.value for entry in current.entries)
        elif isinstance(current, Sequence):
            spliced: list[Node] = []
            for item in current.items:
                target = _include_target(item)
                if target is None:
                    spliced.append(item)
                    continue
                spliced.extend(_load_fragment(item, target, base_dir, problems, chain))
            current.items = spliced
            work.extend(spliced)


def _include_target(item: Node) -> Scalar | None:
    if (
        isinstance(item, Mapping)
        and len(item.entries) == 1
        and item.entries[0].key.value == "include"
    ):
        value = item.entries[0].value
        if isinstance(value, Scalar):
            return value
    return None


def _load_fragment(
    item: Node, target: Scalar, base_dir: Path, problems: list[Problem], chain: tuple[str, ...]
) -> list[Node]:
    if not isinstance(target.value, str) or not target.value.strip():
        problems.append(target.problem("`include` takes a relative file path"))
        return []
    relative = Path(target.value)
    root_dir = base_dir.resolve()
    candidate = (root_dir / relative).resolve()
    if relative.is_absolute() or not candidate.is_relative_to(root_dir):
        problems.append(
            target.problem(f"include `{target.value}` must stay inside the lesson's folder")
        )
        return []
    shown = display_path(candidate)
    if shown in chain:
        problems.append(
            target.problem(f"include `{target.value}` includes itself (via {' -> '.join(chain)})")
        )
        return []
    if len(chain) > MAX_INCLUDE_DEPTH:
        problems.append(target.problem("includes nested too deeply"))
        return []
    try:
        raw = _read_bytes(candidate)
        fragment = parse(read_text(raw, shown), shown)
    except LessonError as exc:
        problems.append(target.problem(f"include `{target.value}`: {exc.problems[0].message}"))
        return []
    except YamlProblem as exc:
        problems.append(exc.problem)
        return []
    if fragment is None:
        return []
    _resolve_includes(fragment, candidate.parent, problems, (*chain, shown))
    if isinstance(fragment, Sequence):
        return list(fragment.items)
    return [fragment]


# --- cross-references -----------------------------------------------------------


def _items(node: Node | None) -> list[Node]:
    return node.items if isinstance(node, Sequence) else []


def _text(node: Node | None) -> str | None:
    if isinstance(node, Scalar) and isinstance(node.value, str):
        return node.value
    return None


def check_references(root: Mapping) -> list[Problem]:
    """Ids are unique, every goto names a step, every `who` names a role."""
    problems: list[Problem] = []
    step_ids: dict[str, Node] = {}
    section_ids: dict[str, Node] = {}
    gotos: list[Scalar] = []
    whos: list[Scalar] = []

    for s_index, section in enumerate(_items(root.get("sections"))):
        if not isinstance(section, Mapping):
            continue
        section_id_node = section.get("id")
        section_id = _text(section_id_node) or f"section-{s_index + 1}"
        if section_id_node is not None and section_id in section_ids:
            first = section_ids[section_id]
            problems.append(
                section_id_node.problem(
                    f"duplicate section id `{section_id}` (first at line {first.line})"
                )
            )
        section_ids.setdefault(section_id, section_id_node or section)
        for t_index, step in enumerate(_items(section.get("steps"))):
            if not isinstance(step, Mapping):
                continue
            id_node = step.get("id")
            step_id = _text(id_node) or f"{section_id}.{t_index + 1}"
            where = id_node or step
            if step_id in step_ids:
                first = step_ids[step_id]
                problems.append(
                    where.problem(f"duplicate step id `{step_id}` (first at line {first.line})")
                )
            else:
                step_ids[step_id] = where
            for answer in ("yes", "no"):
                route = step.get(answer)
                if isinstance(route, Mapping):
                    goto = route.get("goto")
                    if isinstance(goto, Scalar) and isinstance(goto.value, str):
                        gotos.append(goto)
            who = step.get("who")
            if isinstance(who, Scalar) and isinstance(who.value, str):
                whos.append(who)

    for goto in gotos:
        if goto.value not in step_ids:
            problems.append(
                goto.problem(
                    f"goto `{goto.value}`: no step has that id{_did_you_mean(goto.value, step_ids)}"
                )
            )

    role_ids = [
        _text(role.get("id")) for role in _items(root.get("roles")) if isinstance(role, Mapping)
    ]
    known_roles = {r for r in role_ids if r}
    for who in whos:
        if not known_roles:
            problems.append(who.problem("`who` names a role, but the lesson declares no `roles`"))
        elif who.value not in known_roles:
            roles = ", ".join(sorted(known_roles))
            hint = _did_you_mean(who.value, known_roles)
            message = f"`who: {who.value}` is not one of the roles: {roles}{hint}"
            problems.append(who.problem(message))
    return problems


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{match[0]}`?" if match else ""


# --- pydantic errors -> positions -------------------------------------------------


def _all_field_names() -> set[str]:
    names: set[str] = set()
    stack: list[type[BaseModel]] = [m.Model]
    while stack:
        cls = stack.pop()
        names.update(cls.model_fields)
        stack.extend(cls.__subclasses__())
    return names


_FIELD_NAMES = _all_field_names()


def _locate(root: Node, loc: tuple[Any, ...]) -> tuple[Node, Scalar | None, str | None]:
    """Follow a pydantic `loc` through the tree.

    Returns the deepest node reached, the key node of the last mapping step
    taken (for errors about a key), and the last field name on the way.
    Union branch labels in `loc` (a step kind, `literal[...]`) match no key and
    are skipped.
    """
    node = root
    key_node: Scalar | None = None
    name: str | None = None
    for part in loc:
        if isinstance(part, int) and isinstance(node, Sequence):
            if 0 <= part < len(node.items):
                node = node.items[part]
                key_node = None
            continue
        if isinstance(part, str) and isinstance(node, Mapping):
            child = node.get(part)
            if child is not None:
                key_node = node.key_node(part)
                node = child
                name = part
                continue
            if part in _FIELD_NAMES:
                name = part
    return node, key_node, name


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _message(error: dict[str, Any], name: str | None, node: Node) -> str:
    kind = error["type"]
    loc = error["loc"]
    field = f"`{name}`" if name else "value"
    got = error.get("input")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        return f"unknown key `{key}`{_did_you_mean(key, _FIELD_NAMES)}"
    if kind == "missing":
        return f"missing required key `{loc[-1]}`"
    if kind == "step_kind":
        kind_value = got.get("kind") if isinstance(got, dict) else got
        hint = _did_you_mean(str(kind_value), m.STEP_KINDS)
        return f"unknown step kind `{kind_value}`" + (
            hint or f"; use one of: {', '.join(m.STEP_KINDS)}"
        )
    if name == "at" or ("positions" in loc and kind in ("less_than_equal", "greater_than_equal")):
        return f"clock position {_describe(got)} is not on the clock face; use 1 to 12"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    ctx = error.get("ctx", {})
    wording = {
        "greater_than_equal": lambda: f"must be at least {ctx.get('ge')}",
        "greater_than": lambda: f"must be more than {ctx.get('gt')}",
        "less_than_equal": lambda: f"must be at most {ctx.get('le')}",
        "less_than": lambda: f"must be less than {ctx.get('lt')}",
        "string_type": lambda: "must be text",
        "string_too_short": lambda: "must not be empty",
        "string_too_long": lambda: f"must be at most {ctx.get('max_length')} characters",
        "string_pattern_mismatch": lambda: "must be lower-case letters, digits, `-`, `_` or `.`",
        "int_type": lambda: "must be a whole number",
        "int_parsing": lambda: "must be a whole number",
        "int_from_float": lambda: "must be a whole number",
        "float_type": lambda: "must be a number",
        "float_parsing": lambda: "must be a number",
        "bool_type": lambda: "must be true or false",
        "bool_parsing": lambda: "must be true or false",
        "too_short": lambda: f"needs at least {ctx.get('min_length')} item(s)",
        "too_long": lambda: f"takes at most {ctx.get('max_length')} item(s)",
        "tuple_type": lambda: "must be a list",
        "list_type": lambda: "must be a list",
        "model_type": lambda: "must be a mapping of keys",
        "model_attributes_type": lambda: "must be a mapping of keys",
        "dict_type": lambda: "must be a mapping of keys",
        "literal_error": lambda: f"must be {ctx.get('expected', 'one of the allowed words')}",
        "enum": lambda: f"must be {ctx.get('expected', 'one of the allowed words')}",
    }.get(kind)
    if wording is not None:
        return f"{field} {wording()}, got {_describe(got)}"
    text = error["msg"]
    text = text[0].lower() + text[1:] if text else text
    return f"{field}: {text}, got {_describe(got)}"


def _is_echo(error: dict[str, Any]) -> bool:
    """A `too_short` that only echoes failed items: the list itself is long enough."""
    if error["type"] != "too_short":
        return False
    got = error.get("input")
    minimum = error.get("ctx", {}).get("min_length", 0)
    return isinstance(got, list | tuple) and len(got) >= minimum


def _map_validation_errors(root: Mapping, exc: ValidationError) -> list[Problem]:
    by_node: dict[int, list[tuple[dict[str, Any], Node, Scalar | None, str | None]]] = {}
    for error in exc.errors(include_url=False):
        if _is_echo(error):
            continue
        node, key_node, name = _locate(root, tuple(error["loc"]))
        by_node.setdefault(id(node), []).append((error, node, key_node, name))

    problems: list[Problem] = []
    for group in by_node.values():
        for error, node, key_node, name in _prune_union_noise(group):
            where = key_node if error["type"] == "extra_forbidden" and key_node else node
            problems.append(where.problem(_message(error, name, node)))
    return problems


def _prune_union_noise(
    group: list[tuple[dict[str, Any], Node, Scalar | None, str | None]],
) -> list[tuple[dict[str, Any], Node, Scalar | None, str | None]]:
    """Of the errors pydantic gives for each branch of a union, keep the relevant ones.

    `no: {goto: x, stop: y}` fails as a literal *and* as a Route; only the
    Route complaint helps. `yes: contine` fails as a Route too; only the literal
    complaint helps.
    """
    if len(group) == 1:
        return group
    node = group[0][1]
    is_mapping = isinstance(node, Mapping)

    def branch_noise(error: dict[str, Any]) -> bool:
        labels = [p for p in error["loc"] if isinstance(p, str)]
        in_literal_branch = any(p.startswith("literal[") for p in labels)
        if is_mapping and in_literal_branch:
            return True
        return not is_mapping and error["type"] in (
            "model_type",
            "dict_type",
            "model_attributes_type",
        )

    kept = [item for item in group if not branch_noise(item[0])]
    return kept or group
