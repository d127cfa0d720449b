"""The `coach` command line: one Typer app (`coach.cli.root.app`), one module per group.

- `root`: the app (`coach.cli.root.app`), its root options and the list of commands;
- `lessons`: validate, list, preview, schema;
- `sessions`: sessions, export;
- `screens`: the picker, run, resume, present, rehearse, follow, serve;
- `topics`: `coach help TOPIC`;
- `options`, `output`: shared arguments (with shell completion) and visible printing.

`coach.entry.main` runs the app and turns every failure into one line.

The modules that declare commands keep their annotations evaluated (no
`from __future__ import annotations`): Typer reads every command's signature on
each run, and string annotations would be `eval`-ed each time (13 ms of `coach run`).
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    """`coach.cli.app` (the Typer app) and `coach.cli.main` (the entry point), loaded on use."""
    if name == "app":
        from coach.cli.root import app

        return app
    if name == "main":
        from coach.entry import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
