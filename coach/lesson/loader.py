"""YAML file -> `Lesson`, or every problem as `path:line:col: message`.

The loader runs in three passes over one position-carrying tree
(`yamltree`): resolve `include:` fragments, check cross-references (ids,
goto targets, roles) directly on the tree, then check the tree against the
models (`coach.lesson.validate`), each problem at the node it is about. All
problems of all passes are reported together, so an author fixes a file in one
round.
"""

from __future__ import annotations

import os
from pathlib import Path

from coach.errors import LessonError, Problem
from coach.lesson import model as m
from coach.lesson.validate import BAD, check_model, did_you_mean
from coach.lesson.yamltree import (
    MAX_BYTES,
    Mapping,
    Node,
    Scalar,
    Sequence,
    YamlProblem,
    parse,
    read_text,
)

MAX_INCLUDE_DEPTH = 8


Sources = list[tuple[str, bytes]]


def load_lesson(path: str | Path, sources: Sources | None = None) -> m.Lesson:
    """Load and validate one lesson file. Raises `LessonError` with every problem.

    `sources`, when given, receives the real path and the bytes of every file
    read (the lesson, then its includes), for `coach.lesson.cache`.
    """
    path = Path(path)
    raw = _read_bytes(path)
    if sources is not None:
        sources.append((os.path.realpath(path), raw))
    return load_lesson_text(raw, display_path(path), base_dir=path.parent, sources=sources)


def load_lesson_text(
    raw: bytes | str,
    path: str = "<lesson>",
    base_dir: Path | None = None,
    sources: Sources | None = None,
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
        _resolve_includes(root, base_dir, problems, chain=(path,), sources=sources)
    problems.extend(check_references(root))
    lesson = check_model(m.Lesson, root, problems)
    if problems or lesson is BAD:
        raise LessonError(problems)
    return lesson


def display_path(path: Path | str) -> str:
    """A path as a person typed it, relative to the working folder when inside it."""
    try:
        return _shown(os.path.realpath(path))
    except (ValueError, OSError):
        return str(path)


def _shown(real: str) -> str:
    """`display_path` of a path already resolved."""
    try:
        cwd = os.getcwd()
    except OSError:
        return real
    prefix = cwd if cwd.endswith(os.sep) else cwd + os.sep
    return real[len(prefix) :] if real.startswith(prefix) else real


def _read_bytes(path: Path | str, shown: str | None = None) -> bytes:
    shown = shown or display_path(path)
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_BYTES:
                mib = size / 1024 / 1024
                limit = MAX_BYTES // 1024 // 1024
                message = f"file is {mib:.1f} MiB; a lesson may be at most {limit} MiB"
                raise LessonError([Problem(shown, 1, 1, message)])
            return file.read()
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
    node: Node,
    base_dir: Path | str,
    problems: list[Problem],
    chain: tuple[str, ...],
    sources: Sources | None = None,
) -> None:
    """Splice `- include: parts/x.yaml` items into the sequences that hold them.

    A fragment holds one mapping (one item) or a list (several items). Paths
    are relative to the including file and may not leave its folder: lessons
    are shared, and an include must not read arbitrary files.
    """
    root_dir = os.path.realpath(base_dir)
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
                spliced.extend(_load_fragment(target, root_dir, problems, chain, sources))
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
    target: Scalar,
    root_dir: str,
    problems: list[Problem],
    chain: tuple[str, ...],
    sources: Sources | None,
) -> list[Node]:
    """The items an include stands for; `root_dir` is the including file's real folder."""
    if not isinstance(target.value, str) or not target.value.strip():
        problems.append(target.problem("`include` takes a relative file path"))
        return []
    relative = target.value
    candidate = os.path.realpath(os.path.join(root_dir, relative))
    inside = candidate.startswith(root_dir.rstrip(os.sep) + os.sep)
    if os.path.isabs(relative) or not inside:
        problems.append(
            target.problem(f"include `{target.value}` must stay inside the lesson's folder")
        )
        return []
    shown = _shown(candidate)
    if shown in chain:
        problems.append(
            target.problem(f"include `{target.value}` includes itself (via {' -> '.join(chain)})")
        )
        return []
    if len(chain) > MAX_INCLUDE_DEPTH:
        problems.append(target.problem("includes nested too deeply"))
        return []
    try:
        raw = _read_bytes(candidate, shown)
        if sources is not None:
            sources.append((candidate, raw))
        fragment = parse(read_text(raw, shown), shown)
    except LessonError as exc:
        problems.append(target.problem(f"include `{target.value}`: {exc.problems[0].message}"))
        return []
    except YamlProblem as exc:
        problems.append(exc.problem)
        return []
    if fragment is None:
        return []
    _resolve_includes(fragment, os.path.dirname(candidate), problems, (*chain, shown), sources)
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
                    f"goto `{goto.value}`: no step has that id{did_you_mean(goto.value, step_ids)}"
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
            hint = did_you_mean(who.value, known_roles)
            message = f"`who: {who.value}` is not one of the roles: {roles}{hint}"
            problems.append(who.problem(message))
    return problems
