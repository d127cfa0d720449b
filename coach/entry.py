"""The `coach` script's entry point, in front of the CLI.

Why this exists: the short commands (validate, list, schema, sessions, export,
preview, help) finish in about a tenth of a second, and two things that do not
serve them took a quarter of it (measured with `benchmarks/cli_startup.py`):

- the cyclic garbage collector rescanning the objects every import creates;
- the interpreter's teardown, which frees every module and object one by one
  just before the process ends and the OS takes the memory back anyway.

So a short command runs with the collector off, and once its output is
flushed it leaves with `os._exit` (the approach Instagram described for its
servers). Files it writes are closed before that point; output is flushed
here. Commands that open a screen and run for an hour keep both.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys

SHORT_COMMANDS = frozenset(
    {"validate", "list", "schema", "sessions", "export", "preview"}
    | {"--help", "-h", "--version", "-V"}
)


def main() -> None:
    short = bool(sys.argv[1:2]) and sys.argv[1] in SHORT_COMMANDS
    if short:
        gc.disable()
    from coach.cli import main as run_cli

    if not short:
        run_cli()
        return
    code: object = 0
    try:
        run_cli()
    except SystemExit as exc:
        code = exc.code
    leave(code)


def leave(code: object) -> None:
    """Flush the output and end the process now, with `sys.exit`'s meaning of `code`."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        # A reader that went away (`coach list | head -1`): nothing left to say.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)
