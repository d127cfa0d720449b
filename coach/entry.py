"""The `coach` script's entry point, in front of the CLI.

Why this exists: the short commands (validate, list, schema, sessions, export,
preview, help) finish in about a tenth of a second, and a tenth of that went
to the cyclic garbage collector rescanning the objects every import creates
(measured with `benchmarks/cli_startup.py`). Such a process frees its memory
by exiting, so they run with the collector off. Commands that open a screen
and run for an hour keep it on. Nothing else happens here, so the choice is
made before the first heavy import.
"""

from __future__ import annotations

import gc
import sys

SHORT_COMMANDS = frozenset(
    {"validate", "list", "schema", "sessions", "export", "preview"}
    | {"--help", "-h", "--version", "-V"}
)


def main() -> None:
    if sys.argv[1:2] and sys.argv[1] in SHORT_COMMANDS:
        gc.disable()
    from coach.cli import main as run_cli

    run_cli()
