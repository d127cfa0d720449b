"""YAML file -> `Lesson`, or every problem as `path:line:col: message`.

The loader reads the lesson (`yamltree.parse`: plain data plus where each
value was written), splices in `include:` fragments, checks cross-references
(ids, goto targets, roles) on the data, and validates it against the models
(`coach.lesson.validate`). All problems of all passes are reported together,
so an author fixes a file in one round.

A lesson is read from files a person may have been sent: only regular files
are read, never more than the lesson's byte budget (counted while reading, not
trusted from the file's size), includes stay inside the lesson's folder, and
the limits on bytes, values and steps hold for the lesson and all its
includes together.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from coach.errors import LessonError, Problem
from coach.lesson import model as m
from coach.lesson.validate import MAX_PROBLEMS, check, did_you_mean
from coach.lesson.yamltree import (
    MAX_BYTES,
    Budget,
    Place,
    Places,
    YamlProblem,
    clip,
    located,
    parse,
    quote,
)

MAX_INCLUDE_DEPTH = 8
MAX_INCLUDES = 200  # include items per lesson, all files together
MAX_STEPS = 20_000  # steps per lesson, all includes together
EXCERPT_CHARS = 100


class LessonSyntaxError(LessonError):
    """A lesson file that is not readable YAML, with the line it stumbled on.

    `str()` is `path:line:col: message`, then the source line and a `^` under
    the column (`excerpt`), as a compiler shows it.
    """

    def __init__(self, problem: Problem, excerpt: str) -> None:
        super().__init__([problem])
        self.excerpt = excerpt

    def __str__(self) -> str:
        return f"{self.problems[0]}\n{self.excerpt}" if self.excerpt else str(self.problems[0])


def load_lesson(path: str | Path) -> m.Lesson:
    """Load and validate one lesson file. Raises `LessonError` with every problem."""
    path = Path(path)
    budget = Budget()
    shown = display_path(path)
    raw = read_regular_file(path, shown, budget)
    return load_lesson_text(raw, shown, base_dir=path.parent, budget=budget)


def load_lesson_text(
    raw: bytes | str,
    path: str = "<lesson>",
    base_dir: Path | None = None,
    budget: Budget | None = None,
) -> m.Lesson:
    """A lesson from its text; includes are read relative to `base_dir` (none without it)."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    budget = budget if budget is not None else Budget()
    places = Places()
    root: Place = (path, 1, 1)
    try:
        text = decode(raw, path)
        data = parse(text, path, budget, places)
    except YamlProblem as exc:
        raise LessonSyntaxError(exc.problem, excerpt(raw, exc.problem)) from None
    if data is None:
        message = "the file is empty; a lesson needs id, title, summary, minutes and sections"
        raise LessonError([located(root, message)])
    if not isinstance(data, dict):
        where = places.root or root
        raise LessonError(
            [located(where, "a lesson is a mapping of keys (id:, title:, sections: ...)")]
        )

    problems: list[Problem] = []
    if base_dir is not None:
        includes = _Includes(places, budget, problems)
        includes.resolve(data, os.path.realpath(base_dir), (os.path.realpath(path),))
    problems.extend(_check_size(data, root))
    problems.extend(check_references(data, places, root))
    try:
        lesson = check(m.Lesson, data, places, root)
    except LessonError as exc:
        problems.extend(exc.problems)
    if problems:
        raise LessonError(_first(problems))
    return lesson


def _first(problems: list[Problem]) -> list[Problem]:
    """At most `MAX_PROBLEMS`, then a count: the author fixes the first ones and runs again."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    ordered = sorted(problems)
    rest = ordered[MAX_PROBLEMS:]
    where = (rest[0].path, rest[0].line, rest[0].col)
    return [*ordered[:MAX_PROBLEMS], located(where, f"... and {len(rest)} more problems from here")]


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


def read_regular_file(path: Path | str, shown: str, budget: Budget) -> bytes:
    """The bytes of a regular file, within what the lesson may still read.

    A FIFO, a device or a folder is refused before reading (opened without
    blocking), and the limit is enforced while reading: `st_size` is 0 for
    `/dev/zero` and a file can grow while it is read.
    """
    where: Place = (shown, 1, 1)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise LessonError([located(where, "no such file")]) from None
    except PermissionError:
        raise LessonError([located(where, "permission denied")]) from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise LessonError([located(where, f"cannot read: {reason}")]) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise LessonError([located(where, "is a folder, not a lesson file")])
        if not stat.S_ISREG(mode):
            raise LessonError([located(where, "is not a regular file (a device or a pipe?)")])
        chunks: list[bytes] = []
        left = budget.bytes
        while chunk := os.read(fd, min(left + 1, 1 << 20)):
            chunks.append(chunk)
            left -= len(chunk)
            if left < 0:
                limit = MAX_BYTES // 1024 // 1024
                message = f"too large: a lesson may be at most {limit} MiB with its includes"
                raise LessonError([located(where, message)])
        budget.bytes = left
        return b"".join(chunks)
    except OSError as exc:
        raise LessonError([located(where, f"cannot read: {exc.strerror or exc}")]) from None
    finally:
        os.close(fd)


def decode(raw: bytes, path: str) -> str:
    """A lesson file's text, refusing what cannot be a lesson."""
    if len(raw) > MAX_BYTES:
        limit = MAX_BYTES // 1024 // 1024
        message = f"file is {len(raw) / 1024 / 1024:.1f} MiB; a lesson may be at most {limit} MiB"
        raise YamlProblem(Problem(path, 1, 1, message))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        message = f"not UTF-8 text (byte 0x{raw[exc.start]:02x})"
        raise YamlProblem(Problem(path, line, col, message)) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise YamlProblem(Problem(path, line, col, "a NUL byte: this looks like a binary file"))
    return text


def excerpt(raw: bytes, problem: Problem) -> str:
    """The source line of `problem` and a caret under its column, indented by two spaces."""
    from coach.text import visible

    lines = raw.decode("utf-8-sig", "replace").splitlines()
    if not 1 <= problem.line <= len(lines):
        return ""
    line = lines[problem.line - 1].replace("\t", " ")
    col = max(problem.col - 1, 0)
    start = max(0, col - EXCERPT_CHARS // 2)
    shown = line[start : start + EXCERPT_CHARS]
    caret = len(visible(shown[: col - start]))  # escapes widen what comes before
    return f"  {visible(shown)}\n  {' ' * caret}^"


# --- includes -----------------------------------------------------------------


class _Includes:
    """Splices `- include: parts/x.yaml` items into the lists that hold them.

    A fragment holds one mapping (one item) or a list (several items). Paths
    are relative to the including file and may not leave the lesson's folder:
    lessons are shared, and an include must not read arbitrary files.
    """

    def __init__(self, places: Places, budget: Budget, problems: list[Problem]) -> None:
        self.places = places
        self.budget = budget
        self.problems = problems
        self.count = 0
        self.root_dir = ""

    def resolve(self, data: Any, folder: str, chain: tuple[str, ...]) -> None:
        if not self.root_dir:
            self.root_dir = folder
        work: list[Any] = [data]
        seen: set[int] = set()
        while work:
            current = work.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            if isinstance(current, dict):
                work.extend(v for v in current.values() if isinstance(v, dict | list))
            elif isinstance(current, list):
                self._splice(current, folder, chain)
                work.extend(v for v in current if isinstance(v, dict | list))

    def _splice(self, items: list[Any], folder: str, chain: tuple[str, ...]) -> None:
        places = self.places.items.get(id(items), [])
        if not any(_include_target(item) is not None for item in items):
            return
        spliced: list[Any] = []
        spliced_places: list[Place] = []
        for index, item in enumerate(items):
            where = places[index] if index < len(places) else (chain[-1], 1, 1)
            target = _include_target(item)
            if target is None:
                spliced.append(item)
                spliced_places.append(where)
                continue
            target_place = self.places.keys[id(item)]["include"][1]
            fragment = self._fragment(target, target_place, folder, chain)
            if fragment is not None:
                spliced.extend(fragment)
                spliced_places.extend(self.places.items.get(id(fragment), []))
        items[:] = spliced
        self.places.items[id(items)] = spliced_places

    def _fragment(
        self, target: Any, where: Place, folder: str, chain: tuple[str, ...]
    ) -> list[Any] | None:
        """The items an include stands for, or None after reporting a problem."""
        if not isinstance(target, str) or not target.strip():
            self.problems.append(located(where, "`include` takes a relative file path"))
            return None
        named = quote(target)
        if "\x00" in target:
            self.problems.append(located(where, f"include {named}: a path has no NUL byte"))
            return None
        self.count += 1
        if self.count > MAX_INCLUDES:
            message = f"more than {MAX_INCLUDES} includes in one lesson"
            self.problems.append(located(where, message))
            return None
        candidate = os.path.realpath(os.path.join(folder, target))
        inside = candidate.startswith(self.root_dir.rstrip(os.sep) + os.sep)
        if os.path.isabs(target) or not inside:
            message = f"include {named} must stay inside the lesson's folder"
            self.problems.append(located(where, message))
            return None
        if candidate in chain:
            via = " -> ".join(_shown(c) for c in chain)
            self.problems.append(located(where, f"include {named} includes itself (via {via})"))
            return None
        if len(chain) > MAX_INCLUDE_DEPTH:
            self.problems.append(located(where, "includes nested too deeply"))
            return None
        shown = _shown(candidate)
        try:
            raw = read_regular_file(candidate, shown, self.budget)
            data = parse(decode(raw, shown), shown, self.budget, self.places)
        except LessonError as exc:
            message = f"include {named}: {exc.problems[0].message}"
            self.problems.append(located(where, message))
            return None
        except YamlProblem as exc:
            self.problems.append(exc.problem)
            return None
        if data is None:
            return None
        # Held in a list, so a fragment that is itself `include: x.yaml` is spliced too.
        holder = [data]
        self.places.items[id(holder)] = [fragment_place(data, self.places, (shown, 1, 1))]
        self.resolve(holder, os.path.dirname(candidate), (*chain, candidate))
        return data if isinstance(data, list) else holder


def _include_target(item: Any) -> Any:
    if isinstance(item, dict) and len(item) == 1 and "include" in item:
        return item["include"]
    return None


def fragment_place(fragment: Any, places: Places, fallback: Place) -> Place:
    """Where a one-mapping fragment starts: its first key."""
    table = places.keys.get(id(fragment))
    if table:
        return next(iter(table.values()))[0]
    return fallback


# --- size and cross-references ------------------------------------------------------


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _check_size(data: dict[str, Any], root: Place) -> list[Problem]:
    steps = sum(
        len(_list(section.get("steps")))
        for section in _list(data.get("sections"))
        if isinstance(section, dict)
    )
    if steps > MAX_STEPS:
        return [located(root, f"the lesson has {steps:,} steps; at most {MAX_STEPS:,} may be")]
    return []


class _Hints:
    """did-you-mean for the first few problems only: each is a search of every name."""

    def __init__(self, budget: int = 20) -> None:
        self.left = budget

    def did_you_mean(self, word: str, choices: Iterable[str]) -> str:
        self.left -= 1
        return did_you_mean(word, choices) if self.left >= 0 else ""


def check_references(data: dict[str, Any], places: Places, root: Place) -> list[Problem]:
    """Ids are unique, every goto names a step, every `who` names a role."""
    problems: list[Problem] = []
    step_ids: dict[str, Place] = {}
    section_ids: dict[str, Place] = {}
    gotos: list[tuple[str, Place]] = []
    whos: list[tuple[str, Place]] = []

    def value_place(mapping: dict[str, Any], key: str, fallback: Place) -> Place:
        return places.keys.get(id(mapping), {}).get(key, (fallback, fallback))[1]

    sections = _list(data.get("sections"))
    section_places = places.items.get(id(sections), [])
    for s_index, section in enumerate(sections):
        if not isinstance(section, dict) or s_index >= len(section_places):
            continue
        section_id = _text(section.get("id")) or f"section-{s_index + 1}"
        where = value_place(section, "id", section_places[s_index])
        if "id" in section and section_id in section_ids:
            first = section_ids[section_id][1]
            message = f"duplicate section id `{section_id}` (first at line {first})"
            problems.append(located(where, message))
        section_ids.setdefault(section_id, where)
        steps = _list(section.get("steps"))
        step_places = places.items.get(id(steps), [])
        for t_index, step in enumerate(steps):
            if not isinstance(step, dict) or t_index >= len(step_places):
                continue
            step_id = _text(step.get("id")) or f"{section_id}.{t_index + 1}"
            where = value_place(step, "id", step_places[t_index])
            if step_id in step_ids:
                first = step_ids[step_id][1]
                message = f"duplicate step id `{clip(step_id)}` (first at line {first})"
                problems.append(located(where, message))
            else:
                step_ids[step_id] = where
            for answer in ("yes", "no", *m.BOOLEAN_KEYS):
                route = step.get(answer)
                if isinstance(route, dict) and isinstance(route.get("goto"), str):
                    gotos.append((route["goto"], value_place(route, "goto", where)))
            if isinstance(step.get("who"), str):
                whos.append((step["who"], value_place(step, "who", where)))

    hints = _Hints()
    for goto, where in gotos:
        if goto not in step_ids:
            hint = hints.did_you_mean(goto, step_ids)
            problems.append(located(where, f"goto `{clip(goto)}`: no step has that id{hint}"))

    roles = _list(data.get("roles"))
    known_roles = {r["id"] for r in roles if isinstance(r, dict) and isinstance(r.get("id"), str)}
    for who, where in whos:
        if not known_roles:
            problems.append(
                located(where, "`who` names a role, but the lesson declares no `roles`")
            )
        elif who not in known_roles:
            listed = ", ".join(sorted(known_roles))
            hint = hints.did_you_mean(who, known_roles)
            message = f"`who: {clip(who)}` is not one of the roles: {listed}{hint}"
            problems.append(located(where, message))
    return problems
