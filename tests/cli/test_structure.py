"""How the CLI is built: one app, no import cycle, no private names, Textual only for screens."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import REPO

PACKAGE = REPO / "coach"
CLI_MODULES = [
    *sorted((PACKAGE / "cli").glob("*.py")),
    PACKAGE / "entry.py",
    PACKAGE / "crash.py",
    PACKAGE / "files.py",
    PACKAGE / "__main__.py",
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_no_import_cycle_among_the_cli_modules() -> None:
    names = {_module_name(path): path for path in CLI_MODULES}
    graph = {
        name: {i for i in _imports(path) if i in names and i != name}
        for name, path in names.items()
    }

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph[start]:
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cyclic = [name for name in graph if reaches(name, name, {name})]
    assert cyclic == [], graph


def test_command_modules_never_import_the_app() -> None:
    for path in (PACKAGE / "cli").glob("*.py"):
        if path.name not in ("root.py", "__init__.py"):
            assert "coach.cli.root" not in _imports(path), path


def test_command_modules_keep_annotations_evaluated() -> None:
    """Typer would `eval` string annotations of every command on every run."""
    for name in ("guide", "lessons", "practice", "root", "screens", "sessions", "topics"):
        source = (PACKAGE / "cli" / f"{name}.py").read_text(encoding="utf-8")
        assert "from __future__ import annotations" not in source, name


@pytest.mark.parametrize(
    "forbidden",
    ["typer._", "typer.main._", "click", "os._exit", "gc.", "import gc", "collector", "_typer_"],
)
def test_no_private_names_and_no_collector_tricks(forbidden: str) -> None:
    for path in [*CLI_MODULES, *(REPO / "tests" / "cli").glob("*.py"), REPO / "tests/test_cli.py"]:
        if path.name == "test_structure.py":
            continue
        source = path.read_text(encoding="utf-8")
        for name in _imports(path):
            assert not name.startswith(forbidden.removeprefix("import ")), (path, name)
        if forbidden in ("os._exit", "gc.", "collector"):
            assert forbidden not in source, (path, forbidden)
    assert not (PACKAGE / "collector.py").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["validate", "lessons"],
        ["list"],
        ["list", "--json"],
        ["sessions"],
        ["sessions", "--json"],
        ["help", "lessons"],
        ["export", "nope"],
        ["schema"],
    ],
)
def test_commands_without_a_screen_never_import_textual(args: list[str], coach_home: Path) -> None:
    probe = (
        "import sys\nfrom coach import entry\n"
        f"status = entry.run({args!r})\n"
        "print('textual' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert result.stderr.strip().splitlines()[-1] == "False", result.stderr


def test_every_command_goes_through_the_one_app() -> None:
    """`coach.entry` runs the Typer app for every command line: there is no other path."""
    source = (PACKAGE / "entry.py").read_text(encoding="utf-8")
    assert "get_command(app)" in source and "launch_" not in source
    from typer.main import get_command

    from coach.cli.root import app

    commands = set(get_command(app).commands)  # type: ignore[attr-defined]
    assert {"run", "resume", "list", "export", "serve", "help"} <= commands
