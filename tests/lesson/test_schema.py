"""The published JSON Schemas agree with the loader, as an editor sees the files.

Editors and CI validate the raw YAML on disk (includes not spliced in, YAML 1.2
`no:` a word); these tests do the same, with the loader's own reader for the
data and with check-jsonschema, the validator people run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from coach.errors import LessonError
from coach.lesson import load_lesson_text
from coach.lesson.schema import PART_SCHEMA_FILE, SCHEMA_FILE, part_schema_text, schema_text
from coach.lesson.validate import locate
from coach.lesson.yamltree import Places, parse
from tests.lesson.test_loader import INVALID, VALID, lesson

jsonschema = pytest.importorskip("jsonschema")

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
SCHEMA = json.loads(schema_text())
PART_SCHEMA = json.loads(part_schema_text())

# Refused by the loader only: cross-references, YAML itself, rules between fields.
LOADER_ONLY = {
    "goto nowhere",
    "duplicate id",
    "duplicate key",
    "python tag",
    "unknown role",
    "two routes",
    "every without minutes",
    "between outside hold",
    "minutes on a before reminder",
}


def _errors(text: str, schema: dict = SCHEMA) -> list:
    return list(jsonschema.Draft202012Validator(schema).iter_errors(parse(text, "x.yaml")))


@pytest.mark.parametrize(("name", "steps"), VALID, ids=[v[0] for v in VALID])
def test_schema_accepts_what_the_loader_accepts(name: str, steps: str) -> None:
    load_lesson_text(lesson(steps), "x.yaml")
    assert _errors(lesson(steps)) == []


SCHEMA_CASES = [case for case in INVALID if case[0] not in LOADER_ONLY]


@pytest.mark.parametrize(
    ("name", "steps", "expected"), SCHEMA_CASES, ids=[c[0] for c in SCHEMA_CASES]
)
def test_schema_refuses_what_the_loader_refuses(name: str, steps: str, expected: str) -> None:
    with pytest.raises(LessonError):
        load_lesson_text(lesson(steps), "x.yaml")
    assert _errors(lesson(steps))


def test_committed_schema_files_are_up_to_date() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), "run: coach schema"
    assert PART_SCHEMA_FILE.read_text(encoding="utf-8") == part_schema_text()
    assert SCHEMA_FILE.parent == PART_SCHEMA_FILE.parent == LESSONS


def _bundled() -> list[tuple[Path, Path]]:
    files = [(p, SCHEMA_FILE) for p in sorted(LESSONS.glob("*.yaml"))]
    return files + [(p, PART_SCHEMA_FILE) for p in sorted((LESSONS / "parts").glob("*.yaml"))]


@pytest.mark.parametrize("path", [p for p, _ in _bundled()], ids=lambda p: p.name)
def test_every_bundled_file_names_a_schema_that_resolves_beside_it(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    target = (path.parent / first.removeprefix(prefix)).resolve()
    expected = PART_SCHEMA_FILE if path.parent.name == "parts" else SCHEMA_FILE
    assert target == expected.resolve()  # relative: the same in a checkout and installed


@pytest.mark.parametrize(("path", "schema"), _bundled(), ids=lambda p: p.name)
def test_raw_bundled_files_validate_as_an_editor_sees_them(path: Path, schema: Path) -> None:
    errors = _errors(path.read_text(encoding="utf-8"), json.loads(schema.read_text()))
    assert errors == []


def test_check_jsonschema_finds_no_error_in_any_bundled_file() -> None:
    tool = shutil.which("check-jsonschema")
    if tool is None:
        pytest.skip("check-jsonschema is not installed (the test extra)")
    for schema in (SCHEMA_FILE, PART_SCHEMA_FILE):
        files = [str(p) for p, s in _bundled() if s == schema]
        result = subprocess.run(
            [tool, "--schemafile", str(schema), *files], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stdout + result.stderr


def _plant(tmp_path: Path, line_text: str, planted: str, *, replace: bool) -> tuple[Path, int]:
    """A copy of tour.yaml with `planted` replacing (or following) the line `line_text`."""
    text = (LESSONS / "tour.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip() == line_text)
    indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
    if replace:
        lines[index] = indent + planted
    else:
        index += 1
        lines.insert(index, indent + planted)
    copy = tmp_path / "tour.yaml"
    copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copy(SCHEMA_FILE, tmp_path / SCHEMA_FILE.name)
    return copy, index + 1


def test_a_planted_typo_in_a_hold_is_reported_at_its_line_naming_the_key(tmp_path: Path) -> None:
    copy, line = _plant(tmp_path, "kind: hold", "breths: 2", replace=False)
    places = Places()
    data = parse(copy.read_text(encoding="utf-8"), str(copy), places=places)
    best = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(SCHEMA).iter_errors(data)
    )
    assert "'breths' was unexpected" in best.message
    assert "HoldStep" in "/".join(map(str, best.schema_path)) or "hold" in str(best.schema)
    key_place, _ = locate((*best.absolute_path, "breths"), data, places, (str(copy), 1, 1))
    assert key_place[1] == line
    tool = shutil.which("check-jsonschema")
    if tool is not None:
        result = subprocess.run(
            [tool, "--schemafile", str(SCHEMA_FILE), str(copy)], capture_output=True, text=True
        )
        assert result.returncode == 1 and "breths" in result.stdout


def test_an_unknown_kind_names_the_kinds(tmp_path: Path) -> None:
    copy, _line = _plant(tmp_path, "kind: hold", "kind: hodl", replace=True)
    best = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(SCHEMA).iter_errors(parse(copy.read_text(), "x"))
    )
    assert "'hodl' is not one of" in best.message


def test_parts_are_steps_sections_or_reminders_or_lists_of_them() -> None:
    ok = ["title: A\n", "- title: A\n- include: b.yaml\n", "title: S\nsteps: [{title: A}]\n"]
    ok.append("when: every\nminutes: 5\ntext: Lubricant.\n")
    for text in ok:
        assert _errors(text, PART_SCHEMA) == [], text
    assert _errors("- kind: hold\n  title: H\n  depth: surface\n  positions: [13]\n", PART_SCHEMA)
    assert _errors("title: A\ncolour: blue\n", PART_SCHEMA)
